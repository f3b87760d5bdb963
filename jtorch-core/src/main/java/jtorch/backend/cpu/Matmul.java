package jtorch.backend.cpu;

import java.lang.foreign.MemorySegment;
import jtorch.DType;
import jtorch.Device;
import jtorch.backend.Strided;

/**
 * Batched matrix product. float32 on contiguous arrays runs {@link FloatOps#gemm} split over
 * threads by tiles of rows and columns; other dtypes and layouts run a plain triple loop in double
 * or long.
 */
final class Matmul {
  private static final FloatOps F = FloatOpsProvider.OPS;
  private static final int ROW_BLOCK = 64;
  private static final int COL_BLOCK = 128;

  private Matmul() {}

  static void matmul(Strided a0, Strided b0, Strided out) {
    boolean f32 = a0.dtype() == DType.FLOAT32;
    Strided a = f32 ? contiguous(a0) : a0;
    Strided b = f32 ? contiguous(b0) : b0;
    int batch = (int) a.shape()[0];
    int m = (int) a.shape()[1];
    int k = (int) a.shape()[2];
    int n = (int) b.shape()[2];
    if (f32
        && out.dtype() == DType.FLOAT32
        && a.isContiguous()
        && b.isContiguous()
        && a.storage().array() instanceof float[] fa
        && b.storage().array() instanceof float[] fb
        && out.storage().array() instanceof float[] fc) {
      int rowBlocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
      int colBlocks = (n + COL_BLOCK - 1) / COL_BLOCK;
      int tiles = rowBlocks * colBlocks;
      long cost = (long) ROW_BLOCK * COL_BLOCK * k / 16;
      Parallel.forRange(
          (long) batch * tiles,
          cost,
          (s, e) -> {
            for (long t = s; t < e; t++) {
              int bi = (int) (t / tiles);
              int tile = (int) (t % tiles);
              int r0 = (tile / colBlocks) * ROW_BLOCK;
              int j0 = (tile % colBlocks) * COL_BLOCK;
              F.gemm(
                  fa,
                  (int) a.offset() + bi * m * k,
                  fb,
                  (int) b.offset() + bi * k * n,
                  fc,
                  (int) out.offset() + bi * m * n,
                  k,
                  n,
                  r0,
                  Math.min(m, r0 + ROW_BLOCK),
                  j0,
                  Math.min(n, j0 + COL_BLOCK));
            }
          });
      return;
    }
    generic(a, b, out, batch, m, k, n);
  }

  /** A contiguous heap copy of {@code s} unless it already is one. */
  private static Strided contiguous(Strided s) {
    if (s.isContiguous() && s.storage().array() instanceof float[]) {
      return s;
    }
    long[] stride = new long[s.dim()];
    long st = 1;
    for (int d = s.dim() - 1; d >= 0; d--) {
      stride[d] = st;
      st *= s.shape()[d];
    }
    Strided c =
        new Strided(
            CpuBackend.INSTANCE.allocate(s.numel(), s.dtype(), Device.CPU),
            0,
            s.shape(),
            stride,
            s.dtype());
    Pointwise.copy(s, c);
    return c;
  }

  private static void generic(Strided a, Strided b, Strided out, int batch, int m, int k, int n) {
    DType t = a.dtype();
    MemorySegment ma = a.storage().segment();
    MemorySegment mb = b.storage().segment();
    MemorySegment mo = out.storage().segment();
    long[] as = a.stride();
    long[] bs = b.stride();
    long[] os = out.stride();
    Parallel.forRange(
        (long) batch * m,
        (long) k * n,
        (s, e) -> {
          for (long row = s; row < e; row++) {
            long bi = row / m;
            long i = row % m;
            for (long j = 0; j < n; j++) {
              long o = out.offset() + bi * os[0] + i * os[1] + j * os[2];
              long pa = a.offset() + bi * as[0] + i * as[1];
              long pb = b.offset() + bi * bs[0] + j * bs[2];
              if (t.isFloatingPoint()) {
                double acc = 0;
                for (long p = 0; p < k; p++, pa += as[2], pb += bs[1]) {
                  acc += Elements.getDouble(ma, t, pa) * Elements.getDouble(mb, t, pb);
                }
                Elements.setDouble(mo, out.dtype(), o, acc);
              } else {
                long acc = 0;
                for (long p = 0; p < k; p++, pa += as[2], pb += bs[1]) {
                  acc += Elements.getLong(ma, t, pa) * Elements.getLong(mb, t, pb);
                }
                Elements.setLong(mo, out.dtype(), o, acc);
              }
            }
          }
        });
  }
}
