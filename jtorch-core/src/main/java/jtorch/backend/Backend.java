package jtorch.backend;

import jtorch.DType;
import jtorch.Device;
import jtorch.UntypedStorage;

/**
 * The kernels of one device type. The tensor layer checks shapes, dtypes and devices, broadcasts
 * (stride 0) and allocates outputs; a backend only computes. Kernels know nothing of autograd.
 *
 * <p>Input and output operands of one call share their shape unless said otherwise. Floating inputs
 * of a binary op share one dtype; outputs may have another dtype, to which results are converted
 * (rounded as PyTorch rounds).
 */
public interface Backend {

  /** The device type served. */
  Device.Type deviceType();

  /** Allocates zeroed storage for {@code numel} elements of {@code dtype}. */
  UntypedStorage allocate(long numel, DType dtype, Device device);

  /** Sets every element of {@code out}. */
  void fill(Strided out, Scalar value);

  /** Copies {@code src} into {@code dst} (same shape), converting the dtype. */
  void copy(Strided src, Strided dst);

  /** {@code out = op(in)}. */
  void unary(UnaryOp op, Strided in, Strided out);

  /** {@code out = op(a, b)}; {@code a} and {@code b} have one dtype. */
  void binary(BinaryOp op, Strided a, Strided b, Strided out);

  /** {@code out = cond ? a : b}; {@code cond} is bool. */
  void where(Strided cond, Strided a, Strided b, Strided out);

  /**
   * Reduces {@code in} along {@code dim} into {@code values} (shape of {@code in} with size 1 at
   * {@code dim}); for MAX and MIN also writes int64 positions into {@code indices} unless null.
   */
  void reduce(ReduceOp op, Strided in, int dim, Strided values, Strided indices);

  /**
   * Batched matrix product: {@code a} is [B, M, K], {@code b} is [B, K, N], {@code out} is a
   * contiguous [B, M, N]; all of one dtype.
   */
  void matmul(Strided a, Strided b, Strided out);

  /** Copies between this backend's device and the host (either operand may be on the CPU). */
  default void transfer(Strided src, Strided dst) {
    throw new UnsupportedOperationException(
        "transfer from " + src.storage().device() + " to " + dst.storage().device());
  }
}
