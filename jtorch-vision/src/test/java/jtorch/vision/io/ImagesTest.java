package jtorch.vision.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import jtorch.DType;
import jtorch.Size;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.utils.data.Batch;
import jtorch.utils.data.DataLoader;
import jtorch.vision.datasets.MNIST;
import jtorch.vision.internal.Pixels;
import jtorch.vision.testing.TestData;
import jtorch.vision.transforms.ToTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
  @TempDir Path dir;

  private static Tensor ramp(int h, int w) {
    byte[] b = new byte[h * w];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 7);
    }
    return Pixels.uint8Tensor(b, h, w);
  }

  @Test
  void grayUint8RoundTrip() throws IOException {
    Tensor img = ramp(5, 9);
    Path f = dir.resolve("ramp.png");
    Images.savePng(img, f);
    Tensor back = Images.readPng(f);
    assertThat(back.shape()).isEqualTo(Size.of(1, 5, 9));
    assertThat(back.dtype()).isEqualTo(DType.UINT8);
    assertThat(back.toLongArray()).isEqualTo(img.toLongArray());
    assertThat(Files.readAllBytes(f)).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void floatImagesAreConvertedAsSaveImage() throws IOException {
    // torchvision: x.mul(255).add_(0.5).clamp_(0, 255).to(uint8)
    Tensor x = Pixels.float32Tensor(new float[] {0f, 0.5f, 1f, -0.2f, 1.7f, 0.001f}, 1, 2, 3);
    Path f = dir.resolve("float.png");
    Images.savePng(x, f);
    assertThat(Images.readPng(f).toLongArray()).containsExactly(0, 128, 255, 0, 255, 0);
  }

  @Test
  void rgbRoundTrip() throws IOException {
    byte[] b = new byte[3 * 4 * 6];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 11 + 3);
    }
    Tensor rgb = Pixels.uint8Tensor(b, 3, 4, 6);
    Path f = dir.resolve("rgb.png");
    Images.savePng(rgb, f);
    Tensor back = Images.readPng(f);
    assertThat(back.shape()).isEqualTo(Size.of(3, 4, 6));
    assertThat(back.toLongArray()).isEqualTo(rgb.toLongArray());
  }

  @Test
  void scaleEnlargesWithNearestNeighbour() throws IOException {
    Tensor img = ramp(3, 4);
    Path f = dir.resolve("big.png");
    Images.savePng(img, f, 8);
    Tensor back = Images.readPng(f);
    assertThat(back.shape()).isEqualTo(Size.of(1, 24, 32));
    long[] src = img.toLongArray();
    long[] big = back.toLongArray();
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 32; x++) {
        assertThat(big[y * 32 + x]).isEqualTo(src[(y / 8) * 4 + x / 8]);
      }
    }
  }

  @Test
  void writesAtomicallyWithoutLeftovers() throws IOException {
    Path f = dir.resolve("a.png");
    Images.savePng(ramp(4, 4), f);
    Images.savePng(ramp(6, 6), f); // replaces
    assertThat(Images.readPng(f).shape()).isEqualTo(Size.of(1, 6, 6));
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("a.png");
    }
    assertThatThrownBy(() -> Images.savePng(ramp(2, 2), dir))
        .hasMessageContaining("is a directory");
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("a.png");
    }
  }

  @Test
  void rejectsWhatIsNotAnImage() {
    Path f = dir.resolve("x.png");
    assertThatThrownBy(() -> Images.savePng(Torch.zeros(2, 1, 4, 4), f))
        .hasMessageContaining("[C, H, W] with C = 1 or 3")
        .hasMessageContaining("saveGrid");
    assertThatThrownBy(() -> Images.savePng(Torch.zeros(new long[] {4, 4}, DType.INT32), f))
        .hasMessageContaining("uint8 image or a floating-point one");
    assertThatThrownBy(() -> Images.savePng(ramp(2, 2), f, 0)).hasMessageContaining("scale");
    assertThatThrownBy(() -> Images.readPng(dir.resolve("missing.png")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
    assertThat(f).doesNotExist();
  }

  @Test
  void makeGridLaysOutLikeTorchvision() {
    // 5 images 2x3 with value k+1, nrow 2, padding 1 -> [3, 3*(2+1)+1, 2*(3+1)+1] = [3, 10, 9]
    float[] v = new float[5 * 6];
    for (int k = 0; k < 5; k++) {
      for (int i = 0; i < 6; i++) {
        v[k * 6 + i] = k + 1;
      }
    }
    Tensor batch = Pixels.float32Tensor(v, 5, 1, 2, 3);
    Tensor grid = Images.makeGrid(batch, 2, 1);
    assertThat(grid.shape()).isEqualTo(Size.of(3, 10, 9));
    assertThat(grid.get(0, 1, 1).item()).isEqualTo(1.0); // image 0 at (pad, pad)
    assertThat(grid.get(2, 1, 5).item()).isEqualTo(2.0); // image 1: x = 1*(3+1)+1
    assertThat(grid.get(1, 4, 1).item()).isEqualTo(3.0); // image 2: y = 1*(2+1)+1
    assertThat(grid.get(0, 7, 1).item()).isEqualTo(5.0); // image 4: third row
    assertThat(grid.get(0, 7, 5).item()).isEqualTo(0.0); // empty slot stays pad value
    assertThat(grid.get(0, 0, 0).item()).isEqualTo(0.0);
    assertThat(grid.sum().item()).isEqualTo(3 * 6 * (1 + 2 + 3 + 4 + 5));
    // One image: no padding, as torchvision.
    assertThat(Images.makeGrid(batch.get(0), 8, 2).shape()).isEqualTo(Size.of(3, 2, 3));
  }

  @Test
  void gridOfSixteenDigits() throws IOException {
    Path root = TestData.mnistRoot(dir.resolve("data"), TestData.FILES.subList(2, 4));
    MNIST test = new MNIST(root, false, false, new ToTensor());
    Batch b = new DataLoader<>(test, 16, false).iterator().next();
    Path out = TestData.outputDir().resolve("mnist-test-grid-16.png");
    Images.saveGrid(b.input(), out, 8, 2, 4);
    Tensor png = Images.readPng(out);
    // 2 rows x 8 columns of 28 px + 2 px padding: [1, (2*30+2)*4, (8*30+2)*4]
    assertThat(png.shape()).isEqualTo(Size.of(1, 248, 968));
    // The first digit (a 7) sits at (2, 2) of the unscaled grid: check its pixels.
    long[] grid = png.toLongArray();
    long[] seven = test.data().get(0).toLongArray();
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        assertThat(grid[((2 + y) * 4) * 968 + (2 + x) * 4]).isEqualTo(seven[y * 28 + x]);
      }
    }
    Path digit = TestData.outputDir().resolve("mnist-test-0-seven.png");
    Images.savePng(test.data().get(0), digit, 8);
    assertThat(Images.readPng(digit).shape()).isEqualTo(Size.of(1, 224, 224));
    System.out.println("MNIST images written to " + out + " and " + digit);
  }
}
