package jtorch.backend.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jtorch.DType;

/**
 * Reads and writes one element of any dtype in a CPU segment: the single accessor that every
 * generic (non-specialised) kernel uses, so dtype variants are never hand-copied. Floating values
 * travel as doubles and are rounded to the target dtype on write, as PyTorch rounds.
 */
final class Elements {
  private Elements() {}

  static double getDouble(MemorySegment s, DType t, long i) {
    return switch (t) {
      case FLOAT32 -> s.get(ValueLayout.JAVA_FLOAT_UNALIGNED, i * 4);
      case FLOAT64 -> s.get(ValueLayout.JAVA_DOUBLE_UNALIGNED, i * 8);
      case FLOAT16 -> Float.float16ToFloat(s.get(ValueLayout.JAVA_SHORT_UNALIGNED, i * 2));
      case BFLOAT16 -> bf16ToFloat(s.get(ValueLayout.JAVA_SHORT_UNALIGNED, i * 2));
      case INT64 -> s.get(ValueLayout.JAVA_LONG_UNALIGNED, i * 8);
      default -> getLong(s, t, i);
    };
  }

  static long getLong(MemorySegment s, DType t, long i) {
    return switch (t) {
      case INT8 -> s.get(ValueLayout.JAVA_BYTE, i);
      case UINT8, BOOL -> s.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
      case INT16 -> s.get(ValueLayout.JAVA_SHORT_UNALIGNED, i * 2);
      case INT32 -> s.get(ValueLayout.JAVA_INT_UNALIGNED, i * 4);
      case INT64 -> s.get(ValueLayout.JAVA_LONG_UNALIGNED, i * 8);
      default -> (long) getDouble(s, t, i);
    };
  }

  static void setDouble(MemorySegment s, DType t, long i, double v) {
    switch (t) {
      case FLOAT32 -> s.set(ValueLayout.JAVA_FLOAT_UNALIGNED, i * 4, (float) v);
      case FLOAT64 -> s.set(ValueLayout.JAVA_DOUBLE_UNALIGNED, i * 8, v);
      case FLOAT16 ->
          s.set(ValueLayout.JAVA_SHORT_UNALIGNED, i * 2, Float.floatToFloat16((float) v));
      case BFLOAT16 -> s.set(ValueLayout.JAVA_SHORT_UNALIGNED, i * 2, floatToBf16((float) v));
      case BOOL -> s.set(ValueLayout.JAVA_BYTE, i, (byte) (v != 0 ? 1 : 0));
      default -> setLong(s, t, i, doubleToLong(v));
    }
  }

  static void setLong(MemorySegment s, DType t, long i, long v) {
    switch (t) {
      case INT8, UINT8 -> s.set(ValueLayout.JAVA_BYTE, i, (byte) v);
      case BOOL -> s.set(ValueLayout.JAVA_BYTE, i, (byte) (v != 0 ? 1 : 0));
      case INT16 -> s.set(ValueLayout.JAVA_SHORT_UNALIGNED, i * 2, (short) v);
      case INT32 -> s.set(ValueLayout.JAVA_INT_UNALIGNED, i * 4, (int) v);
      case INT64 -> s.set(ValueLayout.JAVA_LONG_UNALIGNED, i * 8, v);
      default -> setDouble(s, t, i, v);
    }
  }

  /** True when {@code array} is a Java array whose elements are exactly {@code t}'s elements. */
  static boolean arrayHolds(Object array, DType t) {
    return switch (array) {
      case float[] a -> t == DType.FLOAT32;
      case double[] a -> t == DType.FLOAT64;
      case long[] a -> t == DType.INT64;
      case int[] a -> t == DType.INT32;
      case short[] a -> t.itemSize() == 2;
      case byte[] a -> t.itemSize() == 1;
      case null, default -> false;
    };
  }

  /** Float to integer conversion as C++ does it on x86 (truncation; NaN and overflow wrap). */
  private static long doubleToLong(double v) {
    return (long) v;
  }

  /** bfloat16 bits to float: the upper half of a float32. */
  static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /** Float to bfloat16 bits, rounding to nearest even as PyTorch does (NaN stays NaN). */
  static short floatToBf16(float f) {
    if (Float.isNaN(f)) {
      return (short) 0x7FC0;
    }
    int bits = Float.floatToRawIntBits(f);
    int rounding = 0x7FFF + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }
}
