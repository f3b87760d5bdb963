package jtorch.backend.cpu;

import jtorch.backend.BinaryOp;
import jtorch.backend.UnaryOp;

/**
 * Contiguous float32 loops over Java arrays: the hot ops. Two implementations exist, scalar Java
 * (always there, the reference) and the Vector API; {@link FloatOpsProvider} picks one.
 *
 * <p>Binary ops are the arithmetic ones ({@code ADD} to {@code MINIMUM}); unary ops are all but
 * {@code LOGICAL_NOT}. Callers check {@link #supports}.
 */
interface FloatOps {

  /** True when this class has a float32 loop for {@code op}. */
  static boolean supports(BinaryOp op) {
    return op.ordinal() <= BinaryOp.MINIMUM.ordinal();
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

  /**
   * One tile of a row-major matrix product: {@code C[i, j] = sum_p A[i, p] * B[p, j]} for rows
   * {@code [r0, r1)} and columns {@code [j0, j1)}, with {@code A} [*, k] at {@code ao}, {@code B}
   * [k, n] at {@code bo} and {@code C} [*, n] at {@code co}, all contiguous.
   */
  void gemm(
      float[] a,
      int ao,
      float[] b,
      int bo,
      float[] c,
      int co,
      int k,
      int n,
      int r0,
      int r1,
      int j0,
      int j1);

  /** Name for logs and benchmarks. */
  String name();
}
