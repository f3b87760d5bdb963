package jtorch.vision.transforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jtorch.DType;
import jtorch.Generator;
import jtorch.Size;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.vision.internal.Pixels;
import jtorch.vision.testing.Golden;
import org.junit.jupiter.api.Test;

/**
 * Resize, RandomRotation and RandomCrop against PyTorch's values ({@code tools/vision/golden.py}
 * re-states torchvision's tensor path with torch 1.13's interpolate / grid_sample / randint).
 */
class GeometryTest {
  /** MNIST test image 0 (a 7), as the golden script read it from the shared .gz. */
  static Tensor seven() {
    Golden.Case c = Golden.get("mnist_t10k_0");
    byte[] b = new byte[c.values().length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (int) c.values()[i];
    }
    return Pixels.uint8Tensor(b, 28, 28);
  }

  static void assertGolden(Tensor actual, String name, double tol) {
    Golden.Case g = Golden.get(name);
    assertThat(Pixels.shape(actual)).as(name + " shape").isEqualTo(g.shape());
    assertThat(actual.dtype().pyName()).as(name + " dtype").isEqualTo(g.dtype());
    double[] a = actual.toDoubleArray();
    int bad = 0;
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      double d = Math.abs(a[i] - g.values()[i]);
      worst = Math.max(worst, d);
      if (d > tol) {
        bad++;
      }
    }
    assertThat(bad)
        .as(name + ": elements off by more than " + tol + " (worst " + worst + ")")
        .isZero();
  }

  /**
   * uint8 resizing rounds a float32 result: equal to PyTorch's except where that result is a tie
   * (x.5 up to float rounding), which PyTorch's own kernels round either way depending on how the
   * CPU build fused the multiply-adds.
   */
  static void assertGoldenUint8Resize(Tensor img, Resize r, String name) {
    Golden.Case g = Golden.get(name);
    long[] actual = r.apply(img).toLongArray();
    float[] exact = r.apply(img.to(DType.FLOAT32)).toFloatArray();
    int ties = 0;
    for (int i = 0; i < actual.length; i++) {
      long want = (long) g.values()[i];
      if (actual[i] != want) {
        double frac = exact[i] - Math.floor(exact[i]);
        assertThat(Math.abs(actual[i] - want)).as(name + " element " + i).isEqualTo(1);
        assertThat(Math.abs(frac - 0.5)).as(name + " element " + i + " is a tie").isLessThan(1e-4);
        ties++;
      }
    }
    assertThat(ties)
        .as(name + " ties rounded the other way")
        .isLessThanOrEqualTo(actual.length / 100);
  }

  @Test
  void resizeBilinearMatchesTorchInterpolate() {
    Tensor img = seven();
    // uint8: resampled in float32 and rounded half to even, as torchvision.
    assertGoldenUint8Resize(img, new Resize(56, 56), "resize_u8_56x56");
    assertGoldenUint8Resize(img, new Resize(20, 37), "resize_u8_20x37");
    assertGoldenUint8Resize(img, new Resize(14, 14), "resize_u8_14x14");
    // float32: to within float rounding (PyTorch's kernel may fuse or reorder the products).
    assertGolden(
        new Resize(7, 3).apply(TransformsTest.pattern(3, 4, 5)),
        "resize_f32_pattern_3x4x5_to_7x3",
        1e-6);
    assertGolden(
        new Resize(9, 4).apply(TransformsTest.pattern(1, 5, 6)),
        "resize_f32_pattern_1x5x6_to_9x4",
        1e-6);
    Tensor x = new ToTensor().apply(img);
    assertGolden(new Resize(32, 32).apply(x), "resize_f32_totensor_mnist_32x32", 1e-6);
  }

  @Test
  void resizeNearestMatchesTorch() {
    Tensor img = seven();
    Resize r = new Resize(14, 14).interpolation(InterpolationMode.NEAREST);
    assertGolden(r.apply(img), "resize_u8_nearest_14x14", 0);
    assertGolden(
        new Resize(50, 41).interpolation(InterpolationMode.NEAREST).apply(img),
        "resize_u8_nearest_50x41",
        0);
  }

  @Test
  void resizeShapesAndSmallerEdge() {
    Tensor img = Torch.zeros(new long[] {2, 3, 10, 20}, DType.FLOAT32);
    assertThat(new Resize(5).apply(img).shape()).isEqualTo(Size.of(2, 3, 5, 10));
    assertThat(new Resize(4).apply(Torch.zeros(3, 9, 6)).shape()).isEqualTo(Size.of(3, 6, 4));
    Tensor same = Torch.zeros(1, 8, 8);
    assertThat(new Resize(8, 8).apply(same)).isSameAs(same);
    assertThatThrownBy(() -> new Resize(0, 3)).hasMessageContaining("size must be positive");
    assertThatThrownBy(() -> new Resize(3).apply(Torch.zeros(new long[] {4, 4}, DType.INT32)))
        .hasMessageContaining("uint8 or floating-point");
    // A constant image stays constant.
    assertThat(new Resize(13, 7).apply(Torch.full(new long[] {1, 5, 5}, 0.25)).toFloatArray())
        .containsOnly(0.25f);
  }

  @Test
  void rotationAnglesAreDrawnAsTorchUniform() {
    // torch.manual_seed(0); float(torch.empty(1).uniform_(-10, 10).item()), six times.
    RandomRotation r = new RandomRotation(10);
    Generator g = new Generator(0);
    double[] expected = Golden.get("angles_seed0_m10_10").values();
    for (double e : expected) {
      assertThat(r.drawAngle(g)).isEqualTo(e);
    }
    RandomRotation wide = new RandomRotation(-180, 180);
    Generator g42 = new Generator(42);
    for (double e : Golden.get("angles_seed42_m180_180").values()) {
      assertThat(wide.drawAngle(g42)).isEqualTo(e);
    }
  }

  @Test
  void rotationMatchesTorchvisionsTensorPath() {
    Tensor img = seven();
    double[] angles = {30.0, -45.0, 90.0, 7.3, 180.0, -123.456};
    String[] tags = {"30p0", "m45p0", "90p0", "7p3", "180p0", "m123p456"};
    for (int i = 0; i < angles.length; i++) {
      // (On this image the tensor path also equals the PIL path pixel for pixel; see the script.)
      assertGolden(RandomRotation.rotate(img, angles[i], 0), "rotate_u8_" + tags[i], 0);
    }
    assertGolden(
        RandomRotation.rotate(TransformsTest.pattern(2, 5, 8), 33.0, 0.5),
        "rotate_f32_pattern_2x5x8_33_fill0p5",
        0);
    assertGolden(
        RandomRotation.rotate(TransformsTest.pattern(1, 7, 4), -71.5, 0),
        "rotate_f32_pattern_1x7x4_m71p5",
        0);
  }

  @Test
  void randomRotationIsReproducibleWithAGenerator() {
    Tensor img = seven();
    Tensor a = new RandomRotation(25).generator(new Generator(7)).apply(img);
    Tensor b = new RandomRotation(25).generator(new Generator(7)).apply(img);
    assertThat(a.toLongArray()).isEqualTo(b.toLongArray());
    assertThat(a.dtype()).isEqualTo(DType.UINT8);
    assertThat(a.shape()).isEqualTo(Size.of(28, 28));
    // The global generator, as torchvision: same seed, same rotation.
    Torch.manualSeed(5);
    Tensor c = new RandomRotation(25).apply(img);
    Torch.manualSeed(5);
    Tensor d = new RandomRotation(25).apply(img);
    assertThat(c.toLongArray()).isEqualTo(d.toLongArray());
    // Rotating by 0 is the identity; the input is untouched.
    assertThat(RandomRotation.rotate(img, 0, 0).toLongArray()).isEqualTo(img.toLongArray());
    assertThat(new RandomRotation(0).apply(img).toLongArray()).isEqualTo(img.toLongArray());
    // Works on [C, H, W] after ToTensor and on other dtypes.
    Tensor f = new RandomRotation(10).generator(new Generator(1)).apply(new ToTensor().apply(img));
    assertThat(f.shape()).isEqualTo(Size.of(1, 28, 28));
    Tensor f64 = RandomRotation.rotate(TransformsTest.pattern(1, 7, 4).to(DType.FLOAT64), -71.5, 0);
    assertGolden(f64.to(DType.FLOAT32), "rotate_f32_pattern_1x7x4_m71p5", 0);
  }

  @Test
  void randomCropDrawsOffsetsAsTorchRandint() {
    // torch.manual_seed(3); i = torch.randint(0, 9, (1,)); j = torch.randint(0, 9, (1,)); x5
    long[] offsets = Golden.get("crop_offsets_seed3_pad4_28").longs();
    Tensor img = seven();
    RandomCrop crop = new RandomCrop(28, 4).generator(new Generator(3));
    long[] src = img.toLongArray();
    for (int k = 0; k < 5; k++) {
      long top = offsets[2 * k];
      long left = offsets[2 * k + 1];
      long[] out = crop.apply(img).toLongArray();
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          long sy = y + top - 4;
          long sx = x + left - 4;
          long want = sy >= 0 && sy < 28 && sx >= 0 && sx < 28 ? src[(int) (sy * 28 + sx)] : 0;
          assertThat(out[y * 28 + x]).as("crop %d at (%d, %d)", k, y, x).isEqualTo(want);
        }
      }
    }
  }

  @Test
  void randomCropShapesFillAndErrors() {
    Tensor x = TransformsTest.pattern(3, 10, 12);
    Tensor c = new RandomCrop(8).generator(new Generator(0)).apply(x);
    assertThat(c.shape()).isEqualTo(Size.of(3, 8, 8));
    Tensor padded = new RandomCrop(14, 16, 2).fill(7).generator(new Generator(0)).apply(x);
    assertThat(padded.shape()).isEqualTo(Size.of(3, 14, 16)); // the whole padded image
    assertThat(padded.get(0, 0, 0).item()).isEqualTo(7.0);
    assertThat(padded.get(2, 13, 15).item()).isEqualTo(7.0);
    assertThat(padded.get(1, 2, 2).item()).isEqualTo(x.get(1, 0, 0).item());
    assertThatThrownBy(() -> new RandomCrop(11).apply(x))
        .hasMessageContaining(
            "required crop size (11, 11) is larger than input image size (10, 12)");
  }
}
