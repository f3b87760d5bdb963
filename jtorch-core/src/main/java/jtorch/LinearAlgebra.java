package jtorch;

import java.util.Arrays;

/** Matrix products: {@code bmm} is the primitive; {@code mm} and {@code matmul} reshape to it. */
final class LinearAlgebra {
  private LinearAlgebra() {}

  static Tensor bmm(Tensor a, Tensor b) {
    if (a.dim() != 3 || b.dim() != 3) {
      throw new IllegalArgumentException(
          "bmm: expected 3-D tensors [B, n, m] and [B, m, p], got "
              + a.shape()
              + " and "
              + b.shape());
    }
    Checks.sameDevice("bmm", a, b);
    long[] as = a.shapeArray();
    long[] bs = b.shapeArray();
    if (as[0] != bs[0]) {
      throw new IllegalArgumentException(
          "bmm: batch sizes differ: " + a.shape() + " and " + b.shape());
    }
    checkInner("bmm", as[1], as[2], bs[1], bs[2]);
    if (a.dtype() != b.dtype()) {
      throw new IllegalArgumentException(
          "bmm: expected both operands to have the same dtype, but got "
              + a.dtype()
              + " and "
              + b.dtype()
              + ". Convert one with .to(dtype).");
    }
    if (a.dtype() == DType.BOOL) {
      throw new UnsupportedOperationException(
          "bmm: no kernel for dtype torch.bool on " + a.device());
    }
    Tensor out = Torch.empty(new long[] {as[0], as[1], bs[2]}, a.dtype(), a.device());
    a.backend().matmul(a.strided(), b.strided(), out.strided());
    return Graph.record(
        "BmmBackward0", out, new Tensor[] {a, b}, new Tensor[] {a, b}, Derivatives.bmm());
  }

  private static void checkInner(String op, long m, long k, long k2, long n) {
    if (k != k2) {
      throw new IllegalArgumentException(
          op
              + ": mat1 and mat2 shapes cannot be multiplied ("
              + m
              + "x"
              + k
              + " and "
              + k2
              + "x"
              + n
              + "); the inner sizes "
              + k
              + " and "
              + k2
              + " must be equal");
    }
  }

  static Tensor mm(Tensor a, Tensor b) {
    if (a.dim() != 2 || b.dim() != 2) {
      throw new IllegalArgumentException(
          "mm: expected 2-D matrices, got "
              + a.dim()
              + "-D "
              + a.shape()
              + " and "
              + b.dim()
              + "-D "
              + b.shape());
    }
    checkInner("mm", a.size(0), a.size(1), b.size(0), b.size(1));
    return bmm(a.unsqueeze(0), b.unsqueeze(0)).squeeze(0);
  }

  static Tensor matmul(Tensor a, Tensor b) {
    int da = a.dim();
    int db = b.dim();
    if (da == 0 || db == 0) {
      throw new IllegalArgumentException(
          "matmul: both arguments need at least 1 dimension, got " + da + "D and " + db + "D");
    }
    if (da == 1 && db == 1) {
      if (a.size(0) != b.size(0)) {
        throw new IllegalArgumentException(
            "matmul: inconsistent tensor size, expected tensor ["
                + a.size(0)
                + "] and src ["
                + b.size(0)
                + "] to have the same number of elements");
      }
      return mm(a.unsqueeze(0), b.unsqueeze(1)).reshape();
    }
    if (da == 2 && db == 2) {
      checkInner("matmul", a.size(0), a.size(1), b.size(0), b.size(1));
      return mm(a, b);
    }
    Tensor x = da == 1 ? a.unsqueeze(0) : a;
    Tensor y = db == 1 ? b.unsqueeze(1) : b;
    long m = x.size(-2);
    long k = x.size(-1);
    long k2 = y.size(-2);
    long n = y.size(-1);
    checkInner("matmul", m, k, k2, n);
    long[] bx = Arrays.copyOf(x.shapeArray(), x.dim() - 2);
    long[] by = Arrays.copyOf(y.shapeArray(), y.dim() - 2);
    long[] batch = Checks.broadcast("matmul", bx, by);
    long nb = Shapes.numel(batch);
    Tensor x3 = x.expand(concat(batch, m, k)).reshape(nb, m, k);
    Tensor y3 = y.expand(concat(batch, k, n)).reshape(nb, k, n);
    Tensor r = bmm(x3, y3).reshape(concat(batch, m, n));
    if (da == 1) {
      r = r.squeeze(-2);
    }
    if (db == 1) {
      r = r.squeeze(-1);
    }
    return r;
  }

  private static long[] concat(long[] batch, long r, long c) {
    long[] out = Arrays.copyOf(batch, batch.length + 2);
    out[batch.length] = r;
    out[batch.length + 1] = c;
    return out;
  }
}
