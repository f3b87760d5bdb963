package jtorch.keras.layers;

import java.util.Locale;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.keras.TensorShape;

/**
 * TensorFlow's {@code padding="valid"|"same"} arithmetic, shared by the convolution and pooling
 * layers. With {@code same} the output has {@code ceil(in / stride)} positions and the padding
 * {@code max((out - 1) * stride + k_eff - in, 0)} is split with the extra pixel at the bottom/right
 * (PyTorch's {@code padding='same'} differs: stride 1 only).
 */
final class Padding {
  private Padding() {}

  /** Checks and normalises a padding name. */
  static String check(String padding) {
    String p = padding == null ? "" : padding.toLowerCase(Locale.ROOT);
    if (!p.equals("valid") && !p.equals("same")) {
      throw new IllegalArgumentException(
          "The `padding` argument must be a string, one of \"valid\", \"same\". Received: "
              + padding);
    }
    return p;
  }

  /** Output positions along one axis ({@link TensorShape#UNKNOWN} for an unknown input). */
  static long outSize(long in, int kernel, int stride, int dilation, boolean same) {
    if (in == TensorShape.UNKNOWN) {
      return TensorShape.UNKNOWN;
    }
    long effective = (long) (kernel - 1) * dilation + 1;
    if (same) {
      return (in + stride - 1) / stride;
    }
    long n = in - effective;
    return n < 0 ? 0 : n / stride + 1;
  }

  /** {@code {before, after}} padding of {@code same} along one axis. */
  static int[] same(long in, int kernel, int stride, int dilation) {
    long out = (in + stride - 1) / stride;
    long effective = (long) (kernel - 1) * dilation + 1;
    int total = (int) Math.max((out - 1) * stride + effective - in, 0);
    return new int[] {total / 2, total - total / 2};
  }

  /**
   * Appends {@code bottom} rows and {@code right} columns of {@code value} to an NCHW tensor (the
   * asymmetric part of {@code same} padding; the symmetric part goes to the kernel's own padding).
   */
  static Tensor padBottomRight(Tensor x, int bottom, int right, double value) {
    Tensor r = x;
    if (bottom > 0) {
      long[] s = r.shape().toArray();
      s[2] = bottom;
      r = Torch.cat(new Tensor[] {r, Torch.full(s, value, r.dtype()).to(r.device())}, 2);
    }
    if (right > 0) {
      long[] s = r.shape().toArray();
      s[3] = right;
      r = Torch.cat(new Tensor[] {r, Torch.full(s, value, r.dtype()).to(r.device())}, 3);
    }
    return r;
  }

  /** A pair from one int (both axes) or two. */
  static int[] pair(String what, int... v) {
    if (v.length != 1 && v.length != 2) {
      throw new IllegalArgumentException(
          "The `" + what + "` argument must be one integer or a pair, got " + v.length + " values");
    }
    int[] p = v.length == 1 ? new int[] {v[0], v[0]} : v.clone();
    if (p[0] <= 0 || p[1] <= 0) {
      throw new IllegalArgumentException(
          "The `" + what + "` argument must be positive, got (" + p[0] + ", " + p[1] + ")");
    }
    return p;
  }
}
