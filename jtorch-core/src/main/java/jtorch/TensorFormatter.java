package jtorch;

/** Prints tensors as PyTorch's {@code repr} does. */
final class TensorFormatter {
  private TensorFormatter() {}

  static String format(Tensor t) {
    double[] v = t.toDoubleArray();
    StringBuilder sb = new StringBuilder("tensor(");
    appendDim(sb, t.shapeArray(), 0, v, new int[1], 8);
    if (t.dtype() != DType.FLOAT32 && t.dtype() != DType.INT64) {
      sb.append(", dtype=").append(t.dtype());
    }
    return sb.append(")").toString();
  }

  private static void appendDim(
      StringBuilder sb, long[] shape, int d, double[] v, int[] pos, int indent) {
    if (d == shape.length) {
      sb.append(v[pos[0]++]);
      return;
    }
    sb.append('[');
    for (long i = 0; i < shape[d]; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      appendDim(sb, shape, d + 1, v, pos, indent + 1);
    }
    sb.append(']');
  }
}
