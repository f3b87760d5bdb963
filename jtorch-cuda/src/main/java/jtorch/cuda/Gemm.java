package jtorch.cuda;

import jtorch.DType;
import jtorch.backend.Scalar;
import jtorch.backend.Strided;

/**
 * Batched matrix products: float32 and float64 on cuBLAS, integers on a plain kernel. jtorch's
 * matrices are row-major and cuBLAS's column-major, so {@code C = A B} is computed as {@code C^T =
 * B^T A^T}: a row-major matrix is its transpose in column-major order, without a copy. Each matrix
 * needs one unit stride (either); one that has none is copied contiguous first.
 *
 * <pre>{@code
 * Gemm.matmul(backend, a, b, out);   // a [B, M, K], b [B, K, N], out [B, M, N]
 * }</pre>
 */
final class Gemm {
  private Gemm() {}

  /** How cuBLAS sees one operand: transposed or not, its leading dimension, its batch stride. */
  record Operand(Strided s, int op, int ld, long batchStride) {}

  static void matmul(CudaBackend backend, Strided a, Strided b, Strided out) {
    long batch = out.shape()[0];
    long m = out.shape()[1];
    long n = out.shape()[2];
    long k = a.shape()[2];
    if (batch == 0 || m == 0 || n == 0) {
      return;
    }
    DType t = out.dtype();
    if (k == 0) {
      Elementwise.fill(out, Scalar.of(0L));
      return;
    }
    if (t != DType.FLOAT32 && t != DType.FLOAT64) {
      Operands.requireDType(
          !(t == DType.FLOAT16 || t == DType.BFLOAT16),
          "matmul",
          t,
          "float32, float64 and the integer dtypes");
      naive(a, b, out, batch, m, n, k);
      return;
    }
    CudaDevice d = Operands.device(out);
    Operand ca = operand(backend, a);
    Operand cb = operand(backend, b);
    // out: [M, N] row-major with ldc = stride[1] (column stride is 1), i.e. column-major C^T.
    long ldc = m == 1 ? Math.max(1, n) : out.stride()[1];
    long strideC = out.stride()[0];
    if (ldc < n
        || ldc > Integer.MAX_VALUE
        || m > Integer.MAX_VALUE
        || n > Integer.MAX_VALUE
        || k > Integer.MAX_VALUE
        || batch > Integer.MAX_VALUE) {
      naive(a, b, out, batch, m, n, k);
      return;
    }
    d.cublas()
        .gemmStridedBatched(
            t.itemSize(),
            d.blas(),
            cb.op,
            ca.op,
            (int) n,
            (int) m,
            (int) k,
            Operands.address(cb.s),
            cb.ld,
            cb.batchStride,
            Operands.address(ca.s),
            ca.ld,
            ca.batchStride,
            Operands.address(out),
            (int) ldc,
            strideC,
            (int) batch);
  }

  /**
   * A row-major [R, C] matrix (batched) as the column-major operand cuBLAS wants for {@code C^T =
   * B^T A^T}: with unit column stride it is the transpose already (OP_N, ld = row stride); with
   * unit row stride it is column-major and must be transposed (OP_T, ld = column stride).
   */
  static Operand operand(CudaBackend backend, Strided s) {
    long rows = s.shape()[1];
    long cols = s.shape()[2];
    long sr = s.stride()[1];
    long sc = s.stride()[2];
    long bs = s.shape()[0] == 1 ? 0 : s.stride()[0];
    if ((sc == 1 || cols == 1) && (rows == 1 || sr >= Math.max(1, cols)) && fits(sr)) {
      return new Operand(s, Cublas.OP_N, (int) (rows == 1 ? Math.max(1, cols) : sr), bs);
    }
    if ((sr == 1 || rows == 1) && (cols == 1 || sc >= Math.max(1, rows)) && fits(sc)) {
      return new Operand(s, Cublas.OP_T, (int) (cols == 1 ? Math.max(1, rows) : sc), bs);
    }
    Strided c = Operands.contiguous(backend, s);
    return new Operand(
        c, Cublas.OP_N, (int) Math.max(1, cols), s.shape()[0] == 1 ? 0 : rows * cols);
  }

  private static boolean fits(long v) {
    return v <= Integer.MAX_VALUE;
  }

  private static void naive(Strided a, Strided b, Strided out, long batch, long m, long n, long k) {
    CudaDevice d = Operands.device(out);
    try (KernelArgs args = new KernelArgs()) {
      args.i64(batch)
          .i64(m)
          .i64(n)
          .i64(k)
          .matrix(Operands.address(a), batchStrides(a))
          .matrix(Operands.address(b), batchStrides(b))
          .matrix(Operands.address(out), out.stride())
          .i32(DTypes.code(out.dtype()));
      d.launch(Kernel.MATMUL_NAIVE, batch * m * n, args);
    }
  }

  private static long[] batchStrides(Strided s) {
    long[] st = s.stride().clone();
    if (s.shape()[0] == 1) {
      st[0] = 0;
    }
    return st;
  }
}
