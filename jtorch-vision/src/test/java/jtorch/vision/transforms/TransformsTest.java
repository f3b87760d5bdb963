package jtorch.vision.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jtorch.DType;
import jtorch.Size;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.vision.internal.Pixels;
import jtorch.vision.internal.PyRepr;
import jtorch.vision.testing.Golden;
import org.junit.jupiter.api.Test;

/**
 * ToTensor, Normalize, Compose and the printing: values against hand computation and against
 * PyTorch ({@code tools/vision/golden.py}).
 */
class TransformsTest {

  static Tensor u8(int h, int w, int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return Pixels.uint8Tensor(b, h, w);
  }

  @Test
  void toTensorScalesUint8ToUnitRangeExactlyAsTorch() {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    Tensor x = new ToTensor().apply(Pixels.uint8Tensor(all, 16, 16));
    assertThat(x.shape()).isEqualTo(Size.of(1, 16, 16));
    assertThat(x.dtype()).isEqualTo(DType.FLOAT32);
    float[] v = x.toFloatArray();
    // torch: torch.arange(256, dtype=torch.uint8).to(torch.float32).div(255), bit for bit.
    assertThat(v).containsExactly(Golden.get("totensor_0_255").floats());
    assertThat(v[0]).isEqualTo(0f);
    assertThat(v[255]).isEqualTo(1f);
    assertThat(v[51]).isEqualTo(0.2f); // 51/255 = 0.2 exactly rounded
  }

  @Test
  void toTensorPutsChannelsFirst() {
    // [H=1, W=2, C=3] -> [3, 1, 2]
    byte[] hwc = {0, 51, (byte) 255, 102, (byte) 204, 0};
    Tensor x = new ToTensor().apply(Pixels.uint8Tensor(hwc, 1, 2, 3));
    assertThat(x.shape()).isEqualTo(Size.of(3, 1, 2));
    assertThat(x.toFloatArray()).containsExactly(0f, 0.4f, 0.2f, 0.8f, 1f, 0f);
    // Non-uint8 input is only permuted, as torchvision does for float arrays.
    Tensor f = new ToTensor().apply(Torch.tensor(new float[][] {{2, 3}}));
    assertThat(f.shape()).isEqualTo(Size.of(1, 1, 2));
    assertThat(f.toFloatArray()).containsExactly(2f, 3f);
  }

  @Test
  void toTensorRejectsWhatLooksChannelsFirst() {
    assertThatThrownBy(() -> new ToTensor().apply(Torch.zeros(new long[] {1, 28, 28}, DType.UINT8)))
        .hasMessageContaining("[1, 28, 28] looks like [C, H, W]")
        .hasMessageContaining("div(255.0)");
    assertThatThrownBy(() -> new ToTensor().apply(Torch.zeros(new long[] {28}, DType.UINT8)))
        .hasMessageContaining("pic should be 2 or 3 dimensional");
  }

  @Test
  void normalizeMatchesHandAndTorch() {
    Tensor x = Pixels.float32Tensor(new float[] {0.75f, 0.5f, 0.25f, 1f}, 1, 2, 2);
    assertThat(new Normalize(0.5, 0.25).apply(x).toFloatArray()).containsExactly(1f, 0f, -1f, 2f);
    // The input is not modified.
    assertThat(x.toFloatArray()).containsExactly(0.75f, 0.5f, 0.25f, 1f);

    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    Tensor img = new ToTensor().apply(Pixels.uint8Tensor(all, 16, 16));
    assertThat(new Normalize(0.1302, 0.3069).apply(img).toFloatArray())
        .containsExactly(Golden.get("normalize_mnist").floats());

    Tensor rgb = pattern(3, 4, 5);
    Tensor n =
        new Normalize(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225})
            .apply(rgb);
    assertThat(n.toFloatArray()).containsExactly(Golden.get("normalize_rgb").floats());
    // float64 input goes through tensor ops in float64.
    Tensor d = new Normalize(0.5, 0.25).apply(x.to(DType.FLOAT64));
    assertThat(d.dtype()).isEqualTo(DType.FLOAT64);
    assertThat(d.toDoubleArray()).containsExactly(1, 0, -1, 2);
    // A batch [N, C, H, W] works too.
    assertThat(new Normalize(0.5, 0.25).apply(x.unsqueeze(0)).shape())
        .isEqualTo(Size.of(1, 1, 2, 2));
  }

  @Test
  void normalizeErrors() {
    assertThatThrownBy(() -> new Normalize(0.5, 0.0)).hasMessageContaining("std evaluated to zero");
    assertThatThrownBy(() -> new Normalize(new double[] {1, 2}, new double[] {1}))
        .hasMessageContaining("same, non-zero length");
    assertThatThrownBy(() -> new Normalize(0.5, 0.5).apply(u8(1, 1, 3).unsqueeze(0)))
        .hasMessageContaining("should be a float tensor. Got torch.uint8")
        .hasMessageContaining("ToTensor()");
    assertThatThrownBy(() -> new Normalize(0.5, 0.5).apply(Torch.zeros(2, 2)))
        .hasMessageContaining("(..., C, H, W)");
    assertThatThrownBy(() ->
            new Normalize(new double[] {1, 2}, new double[] {1, 2}).apply(Torch.zeros(3, 2, 2)))
        .hasMessageContaining("2 means and stds for an image with 3 channels");
    assertThatThrownBy(() -> new Normalize(0, 1e-60).apply(Torch.zeros(1, 2, 2)))
        .hasMessageContaining("std evaluated to zero after conversion to torch.float32");
  }

  /** v = ((7i + 13j + 5k) % 17) / 16, the same pattern as tools/vision/golden.py. */
  static Tensor pattern(int c, int h, int w) {
    float[] v = new float[c * h * w];
    for (int k = 0, o = 0; k < c; k++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          v[o++] = ((7 * i + 13 * j + 5 * k) % 17) / 16f;
        }
      }
    }
    return Pixels.float32Tensor(v, c, h, w);
  }

  @Test
  void composeAppliesInOrderAndPrintsLikeTorchvision() {
    Transform plusOne = x -> x.add(1.0);
    Transform twice = x -> x.mul(2.0);
    Tensor x = Torch.zeros(1, 1, 1);
    assertThat(new Compose(plusOne, twice).apply(x).item()).isEqualTo(2.0);
    assertThat(plusOne.andThen(twice).apply(x).item()).isEqualTo(2.0);
    assertThat(new Compose(new ToTensor(), new Normalize(0.1302, 0.3069)).toString())
        .isEqualTo(
            """
            Compose(
                ToTensor()
                Normalize(mean=[0.1302], std=[0.3069])
            )\
            """);
    assertThat(
            new Normalize(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225})
                .toString())
        .isEqualTo("Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])");
    assertThat(new Resize(32, 32).toString())
        .isEqualTo("Resize(size=(32, 32), interpolation=bilinear, max_size=None, antialias=False)");
    assertThat(new Resize(32).interpolation(InterpolationMode.NEAREST).toString())
        .isEqualTo("Resize(size=32, interpolation=nearest, max_size=None, antialias=False)");
    assertThat(new RandomCrop(28, 4).toString()).isEqualTo("RandomCrop(size=(28, 28), padding=4)");
    assertThat(new RandomCrop(24).toString()).isEqualTo("RandomCrop(size=(24, 24), padding=None)");
    assertThat(new RandomRotation(10).toString())
        .isEqualTo(
            "RandomRotation(degrees=[-10.0, 10.0], interpolation=nearest, expand=False, fill=0)");
    assertThat(new RandomRotation(-5, 15.5).fill(0.5).toString())
        .isEqualTo(
            "RandomRotation(degrees=[-5.0, 15.5], interpolation=nearest, expand=False, fill=0.5)");
  }

  @Test
  void numbersPrintAsPythonRepr() {
    assertThat(PyRepr.of(0.1302)).isEqualTo("0.1302");
    assertThat(PyRepr.of(10)).isEqualTo("10.0");
    assertThat(PyRepr.of(-0.5)).isEqualTo("-0.5");
    assertThat(PyRepr.of(1e-4)).isEqualTo("0.0001");
    assertThat(PyRepr.of(1e-5)).isEqualTo("1e-05");
    assertThat(PyRepr.of(1.5e-7)).isEqualTo("1.5e-07");
    assertThat(PyRepr.of(1e16)).isEqualTo("1e+16");
    assertThat(PyRepr.of(123456789012345.0)).isEqualTo("123456789012345.0");
    assertThat(PyRepr.of(1.0 / 3)).isEqualTo("0.3333333333333333");
    assertThat(PyRepr.of(Double.NaN)).isEqualTo("nan");
  }
}
