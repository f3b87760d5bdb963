package jtorch.cuda;

import jtorch.DType;

/**
 * The dtype codes of the kernels (JT_F32 ... JT_BOOL in common.cuh).
 *
 * <pre>{@code
 * DTypes.code(DType.INT64);   // 8
 * }</pre>
 */
final class DTypes {
  private DTypes() {}

  static int code(DType t) {
    return switch (t) {
      case FLOAT32 -> 0;
      case FLOAT64 -> 1;
      case FLOAT16 -> 2;
      case BFLOAT16 -> 3;
      case INT8 -> 4;
      case UINT8 -> 5;
      case INT16 -> 6;
      case INT32 -> 7;
      case INT64 -> 8;
      case BOOL -> 9;
    };
  }
}
