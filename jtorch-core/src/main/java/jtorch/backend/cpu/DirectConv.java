package jtorch.backend.cpu;

/**
 * One 3x3 convolution of {@code c} channels of {@code [h, wd]} planes into {@code o} channels, with
 * stride 1 and no padding, with relu and 2x2 max pooling after it, laid out for {@link
 * FloatOps#convReluMaxPool2x2} and its backward: the weight transposed to {@code [c * 9, o]}, so
 * that one tap's weights for all output channels are adjacent ({@code weights}), and regrouped to
 * {@code [o, 9, cp]}, so that one tap's weights for all input channels are adjacent, padded with
 * zeros to {@code cp} channels, a whole number of vectors ({@code filters}); the bias (null for
 * none) as a plain {@code [o]} array.
 */
record DirectConv(
    float[] weights, float[] filters, float[] bias, int c, int cp, int h, int wd, int o) {

  /** Taps of the window. */
  static final int TAPS = 9;

  /**
   * Lays out the contiguous weight {@code [o, c, 3, 3]} at {@code w[wo]} and copies the bias
   * ({@code b} from {@code bo} by {@code bs}; {@code b} null for none); {@code lanes}: the vector
   * length that {@code cp} is a multiple of.
   */
  static DirectConv pack(
      float[] w, int wo, float[] b, int bo, int bs, int c, int h, int wd, int o, int lanes) {
    int taps = c * TAPS;
    int cp = (c + lanes - 1) / lanes * lanes;
    float[] t = new float[taps * o];
    float[] f = new float[o * TAPS * cp];
    for (int oc = 0; oc < o; oc++) {
      for (int p = 0; p < taps; p++) {
        float v = w[wo + oc * taps + p];
        t[p * o + oc] = v;
        f[(oc * TAPS + p % TAPS) * cp + p / TAPS] = v;
      }
    }
    float[] bias = null;
    if (b != null) {
      bias = new float[o];
      for (int oc = 0; oc < o; oc++) {
        bias[oc] = b[bo + oc * bs];
      }
    }
    return new DirectConv(t, f, bias, c, cp, h, wd, o);
  }

  /** Width of the convolution's output, whose rows the pooling indices count. */
  int ow() {
    return wd - 2;
  }

  /** Rows of the pooled output. */
  int ph() {
    return (h - 2) / 2;
  }

  /** Columns of the pooled output. */
  int pw() {
    return ow() / 2;
  }
}
