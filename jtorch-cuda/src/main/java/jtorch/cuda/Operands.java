package jtorch.cuda;

import jtorch.DType;
import jtorch.Device;
import jtorch.backend.Strided;

/**
 * Helpers that turn kernel operands into device addresses and check where they live.
 *
 * <pre>{@code
 * long p = Operands.address(s);   // the storage's address + offset * itemSize
 * }</pre>
 */
final class Operands {
  private Operands() {}

  /** The address of the first element of {@code s}, which must live on a CUDA device. */
  static long address(Strided s) {
    Device d = s.storage().device();
    if (!d.isCuda()) {
      throw new IllegalArgumentException(
          "cuda kernel: expected an operand on a CUDA device, found one on "
              + d
              + "; move it with .to(\"cuda\") first");
    }
    return s.storage().segment().address() + s.offset() * s.dtype().itemSize();
  }

  /** The device of {@code s} (set up), made current. */
  static CudaDevice device(Strided s) {
    CudaDevice d = CudaRuntime.get().device(s.storage().device().index());
    d.makeCurrent();
    return d;
  }

  /** A new contiguous device copy of {@code s} (same dtype), for kernels that need one. */
  static Strided contiguous(CudaBackend b, Strided s) {
    if (s.isContiguous()) {
      return s;
    }
    Strided out = empty(b, s.shape(), s.dtype(), s.storage().device());
    b.copy(s, out);
    return out;
  }

  /** A contiguous device tensor of {@code shape} (zeroed). */
  static Strided empty(CudaBackend b, long[] shape, DType dtype, Device device) {
    long n = 1;
    for (long v : shape) {
      n *= v;
    }
    return new Strided(b.allocate(n, dtype, device), 0, shape.clone(), strides(shape), dtype);
  }

  /** Row-major strides of {@code shape}. */
  static long[] strides(long[] shape) {
    long[] st = new long[shape.length];
    long acc = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      st[d] = acc;
      acc *= shape[d];
    }
    return st;
  }

  /** Fails naming the op and dtype when {@code ok} is false. */
  static void requireDType(boolean ok, String op, DType dtype, String supported) {
    if (!ok) {
      throw new UnsupportedOperationException(
          op
              + " is not implemented on cuda for dtype "
              + dtype
              + " (supported: "
              + supported
              + "); convert with .to(DType.FLOAT32) or run it on the CPU");
    }
  }
}
