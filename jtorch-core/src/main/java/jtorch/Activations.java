package jtorch;

/** Softmax and log-softmax, composed from primitives (stable: the max is subtracted first). */
final class Activations {
  private Activations() {}

  static Tensor softmax(Tensor x, int dim) {
    Tensor src = x.dtype().isFloatingPoint() ? x : x.to(DType.FLOAT32);
    int d = Checks.dim("softmax", dim, src.dim());
    Tensor shifted = src.sub(src.max(d, true).values().detach());
    Tensor e = shifted.exp();
    return e.div(e.sum(d, true));
  }

  static Tensor logSoftmax(Tensor x, int dim) {
    Tensor src = x.dtype().isFloatingPoint() ? x : x.to(DType.FLOAT32);
    int d = Checks.dim("logSoftmax", dim, src.dim());
    Tensor shifted = src.sub(src.max(d, true).values().detach());
    return shifted.sub(shifted.exp().sum(d, true).log());
  }
}
