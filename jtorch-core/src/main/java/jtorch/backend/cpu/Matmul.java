package jtorch.backend.cpu;

import java.lang.foreign.MemorySegment;
import jtorch.DType;
import jtorch.Device;
import jtorch.backend.Strided;

/**
 * Batched matrix product. float32 on Java arrays runs {@link FloatOps#gemm} split over threads by
 * tiles of rows and columns; the kernels pack their operands, so transposed and broadcast (stride
 * 0) operands, such as the weight of a convolution or a transposed gradient, are read in place
 * rather than copied. Other dtypes run a plain triple loop in double or long.
 */
final class Matmul {
  private static final FloatOps F = FloatOpsProvider.OPS;
  private static final int ROW_BLOCK = 64;
  private static final int COL_BLOCK = 128;

  /** The narrowest column block: a multiple of every kernel's strip width. */
  private static final int MIN_COL_BLOCK = 32;

  /** The lowest row block: a multiple of every kernel's panel height. */
  private static final int MIN_ROW_BLOCK = 8;

  private Matmul() {}

  static void matmul(Strided a0, Strided b0, Strided out) {
    if (a0.dtype() == DType.FLOAT32
        && out.dtype() == DType.FLOAT32
        && (out.stride()[2] == 1 || out.shape()[2] == 1)
        && out.storage().array() instanceof float[] fc) {
      Strided a = onHeap(a0);
      Strided b = onHeap(b0);
      if (a.storage().array() instanceof float[] fa && b.storage().array() instanceof float[] fb) {
        floatMatmul(a, fa, b, fb, out, fc);
        return;
      }
    }
    long[] as = a0.shape();
    generic(a0, b0, out, (int) as[0], (int) as[1], (int) as[2], (int) b0.shape()[2]);
  }

  private static void floatMatmul(
      Strided a, float[] fa, Strided b, float[] fb, Strided out, float[] fc) {
    int batch = (int) a.shape()[0];
    int m = (int) a.shape()[1];
    int k = (int) a.shape()[2];
    int n = (int) b.shape()[2];
    long[] as = a.stride();
    long[] bs = b.stride();
    long[] os = out.stride();
    if (NativeBlas.INSTANCE.isPresent() && viaOpenBlas(a, fa, b, fb, out, fc, batch, m, n, k)) {
      return;
    }
    int rb = ROW_BLOCK;
    int cb = COL_BLOCK;
    // Small products still get a tile per thread or two: narrow the blocks while there are few.
    while ((long) batch * blocks(m, rb) * blocks(n, cb) < 2L * Parallel.threads()
        && (cb > MIN_COL_BLOCK || rb > MIN_ROW_BLOCK)) {
      if (cb > MIN_COL_BLOCK) {
        cb /= 2;
      } else {
        rb /= 2;
      }
    }
    int rowBlock = rb;
    int colBlock = cb;
    int colBlocks = blocks(n, colBlock);
    int tiles = blocks(m, rowBlock) * colBlocks;
    Parallel.forRange(
        (long) batch * tiles,
        (long) rowBlock * colBlock * Math.max(k, 1) / 16,
        (s, e) -> {
          for (long t = s; t < e; t++) {
            int bi = (int) (t / tiles);
            int tile = (int) (t % tiles);
            int r0 = (tile / colBlocks) * rowBlock;
            int j0 = (tile % colBlocks) * colBlock;
            F.gemm(
                new FloatMatrix(fa, (int) (a.offset() + bi * as[0]), (int) as[1], (int) as[2]),
                new FloatMatrix(fb, (int) (b.offset() + bi * bs[0]), (int) bs[1], (int) bs[2]),
                new FloatMatrix(fc, (int) (out.offset() + bi * os[0]), (int) os[1], 1),
                k,
                r0,
                Math.min(m, r0 + rowBlock),
                j0,
                Math.min(n, j0 + colBlock));
          }
        });
  }

  /** The product through OpenBLAS, one matrix of the batch at a time, when it takes it. */
  private static boolean viaOpenBlas(
      Strided a,
      float[] fa,
      Strided b,
      float[] fb,
      Strided out,
      float[] fc,
      int batch,
      int m,
      int n,
      int k) {
    NativeBlas blas = NativeBlas.INSTANCE.get();
    long[] as = a.stride();
    long[] bs = b.stride();
    long[] os = out.stride();
    for (int bi = 0; bi < batch; bi++) {
      boolean done =
          blas.gemm(
              new FloatMatrix(fa, (int) (a.offset() + bi * as[0]), (int) as[1], (int) as[2]),
              new FloatMatrix(fb, (int) (b.offset() + bi * bs[0]), (int) bs[1], (int) bs[2]),
              new FloatMatrix(fc, (int) (out.offset() + bi * os[0]), (int) os[1], 1),
              m,
              n,
              k);
      if (!done) {
        return false; // the same strides for every matrix: the first decides
      }
    }
    return true;
  }

  private static int blocks(int size, int block) {
    return (size + block - 1) / block;
  }

  /** {@code s} itself when its storage is a float array, else a contiguous heap copy. */
  private static Strided onHeap(Strided s) {
    return s.storage().array() instanceof float[] ? s : contiguous(s);
  }

  /** A contiguous copy of {@code s}, on the heap when it fits in an array. */
  private static Strided contiguous(Strided s) {
    Strided c =
        Strided.rowMajor(
            CpuBackend.INSTANCE.allocate(s.numel(), s.dtype(), Device.CPU), s.shape(), s.dtype());
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
