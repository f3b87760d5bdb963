package jtorch.vision.transforms;

import java.util.Objects;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.vision.internal.Pixels;

/**
 * Resizes the last two dimensions {@code [..., H, W]}, as <a
 * href="https://pytorch.org/vision/stable/generated/torchvision.transforms.Resize.html">{@code
 * torchvision.transforms.Resize}</a> on a tensor with {@code antialias=False}: that is {@code
 * torch.nn.functional.interpolate(x, size, mode="bilinear", align_corners=False)} (half-pixel
 * centres, edge pixels repeated), computed in float32. A uint8 input is resampled in float32 and
 * rounded half to even back to uint8, as torchvision does; other floating dtypes are computed in
 * float32 and converted back.
 *
 * <pre>{@code
 * Tensor big = new Resize(56, 56).apply(mnist.data().get(0));    // uint8 [56, 56]
 * Tensor x = new Resize(32).apply(image);                        // smaller edge to 32
 * new Resize(14, 14).interpolation(InterpolationMode.NEAREST);
 * System.out.println(new Resize(32, 32));
 * // Resize(size=(32, 32), interpolation=bilinear, max_size=None, antialias=False)
 * }</pre>
 *
 * <p>Differences from torchvision: no antialiasing when shrinking (torchvision 0.17+ defaults to
 * {@code antialias=True}, which gives smoother, different values when downscaling; upscaling is
 * unaffected), and no {@code max_size}.
 */
public final class Resize implements Transform {
  private final int height;
  private final int width;
  private final int smallerEdge;
  private InterpolationMode interpolation = InterpolationMode.BILINEAR;

  /** Resizes to exactly {@code height x width}. */
  public Resize(int height, int width) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "Resize: size must be positive, got (" + height + ", " + width + ")");
    }
    this.height = height;
    this.width = width;
    this.smallerEdge = -1;
  }

  /**
   * Resizes so that the smaller edge becomes {@code size}, keeping the aspect ratio (the longer
   * edge is {@code (int) (size * long / short)}), as torchvision's {@code Resize(int)}.
   */
  public Resize(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("Resize: size must be positive, got " + size);
    }
    this.height = -1;
    this.width = -1;
    this.smallerEdge = size;
  }

  /** The interpolation; default {@link InterpolationMode#BILINEAR}. */
  public Resize interpolation(InterpolationMode mode) {
    this.interpolation = Objects.requireNonNull(mode, "mode");
    return this;
  }

  /** The output size {@code {height, width}} for an input of {@code h x w}. */
  int[] outputSize(int h, int w) {
    if (smallerEdge < 0) {
      return new int[] {height, width};
    }
    int shortSide = Math.min(h, w);
    int longSide = Math.max(h, w);
    int newLong = (int) ((double) smallerEdge * longSide / shortSide);
    return w <= h ? new int[] {newLong, smallerEdge} : new int[] {smallerEdge, newLong};
  }

  @Override
  public Tensor apply(Tensor img) {
    if (img.dim() < 2) {
      throw new IllegalArgumentException(
          "Resize: expected an image [..., H, W], got shape " + Pixels.shapeString(img));
    }
    if (img.dtype() != DType.UINT8 && !img.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "Resize: expected a uint8 or floating-point image, got " + img.dtype());
    }
    int h = (int) img.size(-2);
    int w = (int) img.size(-1);
    int[] out = outputSize(h, w);
    int oh = out[0];
    int ow = out[1];
    if (oh == h && ow == w) {
      return img;
    }
    float[] src = Pixels.toFloat32Array(img);
    int planes = h * w == 0 ? 0 : src.length / (h * w);
    float[] dst = new float[planes * oh * ow];
    if (interpolation == InterpolationMode.NEAREST) {
      nearest(src, dst, planes, h, w, oh, ow);
    } else {
      bilinear(src, dst, planes, h, w, oh, ow);
    }
    long[] shape = Pixels.shape(img);
    shape[shape.length - 2] = oh;
    shape[shape.length - 1] = ow;
    return Pixels.fromFloat32(dst, img.dtype(), shape);
  }

  /**
   * PyTorch's {@code upsample_bilinear2d} (align_corners=False) for each plane: source coordinate
   * {@code scale * (dst + 0.5) - 0.5} clamped at 0, with {@code scale = in / out} in float32; the
   * width interpolation is done first in each of the two rows, then the rows are blended.
   */
  private static void bilinear(float[] src, float[] dst, int planes, int h, int w, int oh, int ow) {
    int[] y0 = new int[oh];
    int[] y1 = new int[oh];
    float[] ly0 = new float[oh];
    float[] ly1 = new float[oh];
    weights(h, oh, y0, y1, ly0, ly1);
    int[] x0 = new int[ow];
    int[] x1 = new int[ow];
    float[] lx0 = new float[ow];
    float[] lx1 = new float[ow];
    weights(w, ow, x0, x1, lx0, lx1);
    for (int p = 0; p < planes; p++) {
      int in = p * h * w;
      int o = p * oh * ow;
      for (int i = 0; i < oh; i++) {
        int r0 = in + y0[i] * w;
        int r1 = in + y1[i] * w;
        for (int j = 0; j < ow; j++) {
          float top = src[r0 + x0[j]] * lx0[j] + src[r0 + x1[j]] * lx1[j];
          float bottom = src[r1 + x0[j]] * lx0[j] + src[r1 + x1[j]] * lx1[j];
          dst[o++] = top * ly0[i] + bottom * ly1[i];
        }
      }
    }
  }

  /** Indices and weights of PyTorch's {@code compute_indices_weights_linear} for one axis. */
  private static void weights(int in, int out, int[] i0, int[] i1, float[] l0, float[] l1) {
    float scale = (float) in / out;
    for (int d = 0; d < out; d++) {
      float real = scale * (d + 0.5f) - 0.5f;
      if (real < 0) {
        real = 0;
      }
      int idx = (int) real;
      i0[d] = idx;
      i1[d] = idx + (idx < in - 1 ? 1 : 0);
      float lambda1 = Math.min(Math.max(real - idx, 0f), 1f);
      l1[d] = lambda1;
      l0[d] = 1f - lambda1;
    }
  }

  /**
   * PyTorch's {@code upsample_nearest2d}: source index {@code min(floor(dst * in / out), in - 1)}.
   */
  private static void nearest(float[] src, float[] dst, int planes, int h, int w, int oh, int ow) {
    int[] ys = nearestIndices(h, oh);
    int[] xs = nearestIndices(w, ow);
    for (int p = 0; p < planes; p++) {
      int in = p * h * w;
      int o = p * oh * ow;
      for (int i = 0; i < oh; i++) {
        int row = in + ys[i] * w;
        for (int j = 0; j < ow; j++) {
          dst[o++] = src[row + xs[j]];
        }
      }
    }
  }

  private static int[] nearestIndices(int in, int out) {
    int[] idx = new int[out];
    float scale = (float) in / out;
    for (int d = 0; d < out; d++) {
      if (out == in) {
        idx[d] = d;
      } else if (out == 2 * in) {
        idx[d] = d >> 1;
      } else {
        idx[d] = Math.min((int) Math.floor(d * scale), in - 1);
      }
    }
    return idx;
  }

  /** As torchvision's repr. */
  @Override
  public String toString() {
    String size =
        smallerEdge >= 0 ? Integer.toString(smallerEdge) : "(" + height + ", " + width + ")";
    return "Resize(size="
        + size
        + ", interpolation="
        + interpolation
        + ", max_size=None, antialias=False)";
  }
}
