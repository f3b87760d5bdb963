package jtorch.vision.transforms;

import java.util.Objects;
import jtorch.DType;
import jtorch.Generator;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.vision.internal.Pixels;
import jtorch.vision.internal.PyRepr;

/**
 * Rotates the last two dimensions {@code [..., H, W]} by a random angle about the image centre,
 * with nearest-neighbour sampling, as <a
 * href="https://pytorch.org/vision/stable/generated/torchvision.transforms.RandomRotation.html">{@code
 * torchvision.transforms.RandomRotation(degrees)}</a> on a tensor ({@code interpolation=NEAREST,
 * expand=False, center=None}). Positive angles turn the image counter-clockwise. Pixels that come
 * from outside the input get {@link #fill(double) fill} (default 0).
 *
 * <p>The sampling follows torchvision's tensor path step by step in float32 (inverse affine matrix,
 * {@code affine_grid}-style grid with half-pixel centres, {@code grid_sample(mode= "nearest",
 * align_corners=False)}, rounding half to even), so the output equals torchvision's for the same
 * angle; every dtype is supported since pixels are only copied.
 *
 * <p>Randomness: the angle is drawn as {@code torch.empty(1).uniform_(min, max)} draws it: 24
 * random bits from one 32-bit draw, scaled in float32. By default the draw comes from the global
 * generator ({@link Torch#defaultGenerator()}), so after {@code Torch.manualSeed(s)} the angles
 * follow PyTorch's after {@code torch.manual_seed(s)}; pass {@link #generator(Generator)} for a
 * separate, seedable stream. With several {@code DataLoader} workers draws interleave in thread
 * order, so per-example angles are then not reproducible.
 *
 * <pre>{@code
 * var rot = new RandomRotation(10).generator(new Generator(0));   // angles in [-10, 10]
 * Tensor x = rot.apply(mnist.data().get(0));                      // uint8 [28, 28]
 * RandomRotation.rotate(img, 90.0, 0.0);                          // a fixed angle
 * System.out.println(rot);
 * // RandomRotation(degrees=[-10.0, 10.0], interpolation=nearest, expand=False, fill=0)
 * }</pre>
 */
public final class RandomRotation implements Transform {
  private final double min;
  private final double max;
  private double fill;
  private Generator generator;

  /** Angles uniform in {@code [-degrees, degrees]}. */
  public RandomRotation(double degrees) {
    if (!(degrees >= 0)) {
      throw new IllegalArgumentException(
          "RandomRotation: if degrees is a single number, it must be positive, got " + degrees);
    }
    this.min = -degrees;
    this.max = degrees;
  }

  /** Angles uniform in {@code [min, max]} degrees. */
  public RandomRotation(double min, double max) {
    if (!(min <= max)) {
      throw new IllegalArgumentException(
          "RandomRotation: degrees should be (min, max) with min <= max, got ("
              + min
              + ", "
              + max
              + ")");
    }
    this.min = min;
    this.max = max;
  }

  /** The value of pixels rotated in from outside the image; default 0. */
  public RandomRotation fill(double fill) {
    this.fill = fill;
    return this;
  }

  /** Draws angles from {@code generator} instead of the global one. */
  public RandomRotation generator(Generator generator) {
    this.generator = Objects.requireNonNull(generator, "generator");
    return this;
  }

  /**
   * The next angle, as {@code float(torch.empty(1).uniform_(min, max).item())}: {@code u * (max -
   * min) + min} in float32 with one rounding (PyTorch's x86-64 kernels fuse it into an FMA), where
   * {@code u} is 24 random bits times 2^-24.
   */
  double drawAngle(Generator g) {
    float from = (float) min;
    float to = (float) max;
    float u = (g.nextUInt32() & ((1L << 24) - 1)) * 0x1.0p-24f;
    return Math.fma(u, to - from, from);
  }

  @Override
  public Tensor apply(Tensor img) {
    return rotate(img, drawAngle(generator != null ? generator : Torch.defaultGenerator()), fill);
  }

  /**
   * {@code img [..., H, W]} rotated by {@code angle} degrees counter-clockwise about its centre,
   * nearest-neighbour, same size, outside pixels set to {@code fill}: torchvision's {@code
   * F.rotate(img, angle, NEAREST, expand=False, center=None, fill=[fill])} on a tensor.
   */
  public static Tensor rotate(Tensor img, double angle, double fill) {
    if (img.dim() < 2) {
      throw new IllegalArgumentException(
          "RandomRotation: expected an image [..., H, W], got shape " + Pixels.shapeString(img));
    }
    int h = (int) img.size(-2);
    int w = (int) img.size(-1);
    int[] src = sourceIndices(h, w, angle);
    long[] shape = Pixels.shape(img);
    int plane = h * w;
    if (img.dtype() == DType.UINT8) {
      byte[] in = Pixels.toUint8Array(img);
      byte[] out = new byte[in.length];
      byte f = (byte) (int) Math.min(255, Math.max(0, Math.rint(fill)));
      for (int p = 0; p < in.length; p += plane) {
        for (int i = 0; i < plane; i++) {
          out[p + i] = src[i] < 0 ? f : in[p + src[i]];
        }
      }
      return Pixels.uint8Tensor(out, shape);
    }
    if (img.dtype() == DType.FLOAT32) {
      float[] in = Pixels.toFloat32Array(img);
      float[] out = new float[in.length];
      for (int p = 0; p < in.length; p += plane) {
        for (int i = 0; i < plane; i++) {
          out[p + i] = src[i] < 0 ? (float) fill : in[p + src[i]];
        }
      }
      return Pixels.float32Tensor(out, shape);
    }
    double[] in = img.detach().cpu().toDoubleArray();
    double[] out = new double[in.length];
    for (int p = 0; p < in.length; p += plane) {
      for (int i = 0; i < plane; i++) {
        out[p + i] = src[i] < 0 ? fill : in[p + src[i]];
      }
    }
    return Torch.tensor(out).to(img.dtype()).reshape(shape);
  }

  /**
   * For each output pixel (row-major) the source pixel index, or -1 when it falls outside: the
   * inverse rotation {@code [cos r, sin r; -sin r, cos r]} with {@code r = radians(-angle)} as a
   * float32 matrix, applied to the pixel-centre grid {@code x = j - W/2 + 0.5}, normalised by
   * {@code W/2}, then unnormalised as {@code (g + 1) * W/2 - 0.5} and rounded half to even.
   */
  static int[] sourceIndices(int h, int w, double angle) {
    double rot = Math.toRadians(-angle);
    float cos = (float) Math.cos(rot);
    float sin = (float) Math.sin(rot);
    float halfW = 0.5f * w;
    float halfH = 0.5f * h;
    // rescaled_theta = theta^T / [W/2, H/2]: column 0 gives x, column 1 gives y.
    float r00 = cos / halfW;
    float r10 = sin / halfW;
    float r01 = -sin / halfH;
    float r11 = cos / halfH;
    int[] src = new int[h * w];
    for (int i = 0, o = 0; i < h; i++) {
      float y = -h * 0.5f + 0.5f + i;
      for (int j = 0; j < w; j++, o++) {
        float x = -w * 0.5f + 0.5f + j;
        float gx = x * r00 + y * r10;
        float gy = x * r01 + y * r11;
        float ix = (float) Math.rint((gx + 1f) * halfW - 0.5f);
        float iy = (float) Math.rint((gy + 1f) * halfH - 0.5f);
        src[o] = ix >= 0 && ix < w && iy >= 0 && iy < h ? (int) iy * w + (int) ix : -1;
      }
    }
    return src;
  }

  /**
   * As torchvision's repr: {@code RandomRotation(degrees=[-10.0, 10.0], interpolation=nearest,
   * expand=False, fill=0)}.
   */
  @Override
  public String toString() {
    return "RandomRotation(degrees="
        + PyRepr.list(new double[] {min, max})
        + ", interpolation=nearest, expand=False, fill="
        + PyRepr.intOrFloat(fill)
        + ")";
  }
}
