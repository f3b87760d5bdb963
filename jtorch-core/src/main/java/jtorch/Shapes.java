package jtorch;

/** Shape arithmetic shared by the ops. */
final class Shapes {
  private Shapes() {}

  static long[] contiguousStrides(long[] shape) {
    long[] st = new long[shape.length];
    long s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      st[i] = s;
      s *= Math.max(shape[i], 1);
    }
    return st;
  }

  static long numel(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  /** Strides that broadcast {@code t} to {@code shape} (stride 0 on expanded dimensions). */
  static long[] broadcastStrides(Tensor t, long[] shape) {
    long[] out = new long[shape.length];
    long[] ts = t.shapeArray();
    long[] st = t.strideArray();
    int off = shape.length - ts.length;
    for (int i = 0; i < ts.length; i++) {
      out[off + i] = ts[i] == shape[off + i] ? st[i] : 0;
    }
    return out;
  }
}
