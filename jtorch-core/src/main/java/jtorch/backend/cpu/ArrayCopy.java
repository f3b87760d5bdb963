package jtorch.backend.cpu;

import jtorch.DType;

/**
 * Strided copy-with-conversion loops between Java arrays for the conversions training uses (bool
 * masks to float, float to and from double and integers), so that they avoid the generic
 * per-element accessor. Returns false for pairs it does not cover.
 */
final class ArrayCopy {
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
          for (int i = 0; i < len; i++) {
            d[o + i * b] = s[p + i * a] & 0xFF;
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
}
