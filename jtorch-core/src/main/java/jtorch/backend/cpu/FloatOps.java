package jtorch.backend.cpu;

import jtorch.backend.AdadeltaStep;
import jtorch.backend.BinaryOp;
import jtorch.backend.SgdStep;
import jtorch.backend.UnaryOp;

/**
 * Contiguous float32 loops over Java arrays: the hot ops. Two implementations exist, scalar Java
 * (always there, the reference) and the Vector API; {@link FloatOpsProvider} picks one.
 *
 * <p>Binary ops are the arithmetic ones ({@code ADD} to {@code MINIMUM}) and {@code RELU_BACKWARD};
 * unary ops are all but {@code LOGICAL_NOT}. Callers check {@link #supports}.
 */
interface FloatOps {

  /** True when this class has a float32 loop for {@code op}. */
  static boolean supports(BinaryOp op) {
    return op.ordinal() <= BinaryOp.MINIMUM.ordinal() || op == BinaryOp.RELU_BACKWARD;
  }

  /** True when this class has a float32 loop for {@code op}. */
  static boolean supports(UnaryOp op) {
    return op != UnaryOp.LOGICAL_NOT;
  }

  /** {@code o[oo+i] = op(a[ao+i], b[bo+i])}. */
  void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n);

  /** {@code o[oo+i] = op(a[ao+i], s)}. */
  void binaryScalar(BinaryOp op, float[] a, int ao, float s, float[] o, int oo, int n);

  /** {@code o[oo+i] = op(s, b[bo+i])}. */
  void scalarBinary(BinaryOp op, float s, float[] b, int bo, float[] o, int oo, int n);

  /** {@code o[oo+i] = op(a[ao+i])}. */
  void unary(UnaryOp op, float[] a, int ao, float[] o, int oo, int n);

  /** Sum of {@code a[ao..ao+n)}, accumulated in double. */
  double sum(float[] a, int ao, int n);

  /** True when no element of {@code a[ao..ao+n)} is infinite or NaN. */
  boolean allFinite(float[] a, int ao, int n);

  /**
   * One tile of a matrix product: {@code C[i, j] = sum_p A[i, p] * B[p, j]} for rows {@code [r0,
   * r1)} and columns {@code [j0, j1)}, with {@code A} [*, k] and {@code B} [k, *] of any strides
   * (transposed and stride-0 operands are read in place) and {@code C} of column stride 1, whose
   * tile is overwritten.
   */
  void gemm(FloatMatrix a, FloatMatrix b, FloatMatrix c, int k, int r0, int r1, int j0, int j1);

  /**
   * Adds {@code A @ B}, with {@code A} [rows, k] of column stride 1 and {@code B} [k, cols] of row
   * stride 1 (both read along k), into {@code acc} from {@code at} as unfinished sums: {@link
   * #partials()} floats per element of the product, row by row, that add up to the element. Summing
   * many products this way and finishing once is cheaper than finishing each (a convolution's
   * weight gradient).
   */
  void gemmPartials(FloatMatrix a, FloatMatrix b, int k, int rows, int cols, float[] acc, int at);

  /** Floats per element of {@link #gemmPartials}. */
  int partials();

  /**
   * Max pooling of windows {@code p} in {@code [from, to)} that lie inside one row-major plane at
   * {@code a[base]}: window {@code p} covers {@code a[base + pos[p] + taps[t]]} for each tap {@code
   * t}, in order. {@code out[oo + p]} is its maximum (NaN wins, the last NaN of a window included;
   * ties keep the earlier tap) and {@code idx[xo + p]} its plane position {@code pos[p] + taps[t]}.
   */
  void maxPool(
      float[] a,
      int base,
      int[] pos,
      int[] taps,
      float[] out,
      int oo,
      long[] idx,
      int xo,
      int from,
      int to);

  /**
   * The position {@code r} among the {@code len >= 1} elements {@code a[start + r * step]} of the
   * largest (or smallest): the first NaN if there is one, else the first of equal extremes, as
   * PyTorch's {@code max(dim)} and {@code min(dim)} choose.
   */
  int argExtreme(boolean max, float[] a, int start, int step, int len);

  /**
   * Max pooling with 2x2 windows and stride 2 (no padding or dilation) of the row-major plane
   * {@code [h, wd]} at {@code a[base]} into {@code [oh, ow]} at {@code out[oo]} and {@code
   * idx[xo]}: the taps of a window in row-major order, with {@link #maxPool}'s rules for NaNs and
   * ties. An index counts rows of {@code iw} elements: {@code wd} for positions in the plane, less
   * when the plane's rows end in elements that are not part of it.
   */
  void maxPool2x2(
      float[] a, int base, int wd, int iw, int oh, int ow, float[] out, int oo, long[] idx, int xo);

  /**
   * The output channels that {@link #convReluMaxPool2x2} computes at once, two vectors' lanes; it
   * takes multiples of them. 0 when this implementation has no such kernel: then the caller unfolds
   * and multiplies.
   */
  int directConvBlock();

  /**
   * {@code maxPool2d(relu(conv2d(x)), 2)} of one sample {@code x} at {@code in[io]} ({@code [c, h,
   * wd]}, row-major), computed directly from the input without unfolding it and without storing the
   * convolution's output, into {@code out[oo]} and, unless {@code idx} is null, the pooling's
   * indices into {@code idx[xo]} (both {@code [o, ph, pw]}), the same bits as the unfused ops.
   */
  void convReluMaxPool2x2(
      DirectConv k, float[] in, int io, float[] out, int oo, long[] idx, int xo);

  /**
   * Sample {@code i}'s gradients of {@link #convReluMaxPool2x2} from the gradient of its pooled
   * output: the input's into {@code b.gradInput()} (overwritten; skipped when null), and the
   * weight's and bias's added in double to {@code accW} ({@code [o, 9, k.cp()]}) and {@code accB}
   * (each skipped when null). The weight and input must be finite: zero gradients are skipped
   * rather than multiplied.
   */
  void convReluMaxPool2x2Backward(
      DirectConv k, ConvPoolBatch b, int i, double[] accW, double[] accB);

  /**
   * One fused Adadelta step ({@link jtorch.backend.Backend#adadelta}) over {@code n} elements of
   * the parameter {@code p}, its gradient {@code g} and its state {@code sa} (square average) and
   * {@code ad} (accumulated delta), each intermediate rounded to float as the unfused ops round it.
   */
  void adadelta(
      float[] p,
      int pi,
      float[] g,
      int gi,
      float[] sa,
      int si,
      float[] ad,
      int ai,
      int n,
      AdadeltaStep step);

  /**
   * One fused SGD step ({@link jtorch.backend.Backend#sgd}) over {@code n} elements of the
   * parameter {@code p}, its gradient {@code g} and its momentum buffer {@code b} (null without
   * momentum), each intermediate rounded to float as the unfused ops round it.
   */
  void sgd(float[] p, int pi, float[] g, int gi, float[] b, int bi, int n, SgdStep step);

  /**
   * {@code o[oo + i] = 1} when {@code CounterRandom.bits(seed, first + i) >>> 40} is below {@code
   * bound}, else 0, for {@code i < n}: Bernoulli draws ({@link jtorch.backend.Backend#bernoulli}).
   */
  void bernoulli(float[] o, int oo, long seed, long first, long bound, int n);

  /** Name for logs and benchmarks. */
  String name();
}
