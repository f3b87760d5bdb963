package jtorch.backend.cpu;

import jtorch.DType;

/**
 * Strided copy-with-conversion loops between Java arrays for the conversions training uses (bool
 * masks to float, float to and from double and integers), so that they avoid the generic
 * per-element accessor. Returns false for pairs it does not cover. Also the tiled float copy that
 * transposes.
 */
final class ArrayCopy {
  /** Rows and columns of one tile of a transposing copy. */
  private static final int TILE = 32;

  private ArrayCopy() {}

  static boolean row(
      Object src, DType ts, long so, long ss, Object dst, DType td, long od, long sd, long n) {
    if (src == null || dst == null) {
      return false;
    }
    int p = (int) so;
    int o = (int) od;
    int a = (int) ss;
    int b = (int) sd;
    int len = (int) n;
    if (td == DType.FLOAT32 && dst instanceof float[] d) {
      switch (src) {
        case float[] s when ts == DType.FLOAT32 -> {
          for (int i = 0; i < len; i++) {
            d[o + i * b] = s[p + i * a];
          }
        }
        case byte[] s when ts == DType.BOOL || ts == DType.UINT8 -> {
          if (a == 1 && b == 1) { // a mask to floats: a loop the JIT vectorises
            for (int i = 0; i < len; i++) {
              d[o + i] = s[p + i] & 0xFF;
            }
          } else {
            for (int i = 0; i < len; i++) {
              d[o + i * b] = s[p + i * a] & 0xFF;
            }
          }
        }
        case byte[] s when ts == DType.INT8 -> {
          for (int i = 0; i < len; i++) {
            d[o + i * b] = s[p + i * a];
          }
        }
        case double[] s when ts == DType.FLOAT64 -> {
          for (int i = 0; i < len; i++) {
            d[o + i * b] = (float) s[p + i * a];
          }
        }
        case long[] s when ts == DType.INT64 -> {
          for (int i = 0; i < len; i++) {
            d[o + i * b] = s[p + i * a];
          }
        }
        case int[] s when ts == DType.INT32 -> {
          for (int i = 0; i < len; i++) {
            d[o + i * b] = s[p + i * a];
          }
        }
        default -> {
          return false;
        }
      }
      return true;
    }
    if (ts == DType.FLOAT32 && src instanceof float[] s) {
      switch (dst) {
        case double[] d when td == DType.FLOAT64 -> {
          for (int i = 0; i < len; i++) {
            d[o + i * b] = s[p + i * a];
          }
        }
        case byte[] d when td == DType.BOOL -> {
          for (int i = 0; i < len; i++) {
            d[o + i * b] = (byte) (s[p + i * a] != 0 ? 1 : 0);
          }
        }
        default -> {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * A float copy that transposes (contiguous destination rows, source contiguous down the columns),
   * such as {@code w.t().contiguous()} or the clone of a transposed gradient: square tiles, so that
   * both sides stay in cache, instead of rows that read one element per cache line.
   */
  static void transpose(float[] s, float[] d, Loop loop) {
    int rows = (int) loop.size(0);
    int cols = (int) loop.size(1);
    int dRow = (int) loop.stride(0, 0);
    int sCol = (int) loop.stride(1, 1);
    int d0 = (int) loop.base(0);
    int s0 = (int) loop.base(1);
    Parallel.forRange(
        (rows + TILE - 1) / TILE,
        (long) TILE * cols,
        (b0, b1) -> {
          for (int r0 = (int) b0 * TILE; r0 < Math.min(rows, b1 * TILE); r0 += TILE) {
            int r1 = Math.min(rows, r0 + TILE);
            for (int c0 = 0; c0 < cols; c0 += TILE) {
              int c1 = Math.min(cols, c0 + TILE);
              for (int c = c0; c < c1; c++) {
                for (int r = r0, si = s0 + r0 + c * sCol; r < r1; r++, si++) {
                  d[d0 + r * dRow + c] = s[si];
                }
              }
            }
          }
        });
  }
}
