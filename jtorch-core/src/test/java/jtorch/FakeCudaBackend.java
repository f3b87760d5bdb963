package jtorch;

import jtorch.backend.Backend;
import jtorch.backend.BinaryOp;
import jtorch.backend.ReduceOp;
import jtorch.backend.Scalar;
import jtorch.backend.Strided;
import jtorch.backend.UnaryOp;
import jtorch.backend.Window2d;
import jtorch.backend.cpu.CpuBackend;

/**
 * A stand-in "cuda" backend for tests: CPU kernels behind a CUDA device type, with the {@link
 * Backend} defaults it does not override (such as {@code bernoulli}) left in place.
 */
final class FakeCudaBackend implements Backend {
  private final CpuBackend cpu = CpuBackend.INSTANCE;

  @Override
  public Device.Type deviceType() {
    return Device.Type.CUDA;
  }

  @Override
  public UntypedStorage allocate(long numel, DType dtype, Device device) {
    return UntypedStorage.wrap(cpu.allocate(numel, dtype, Device.CPU).segment(), device);
  }

  @Override
  public void fill(Strided out, Scalar value) {
    cpu.fill(out, value);
  }

  @Override
  public void copy(Strided src, Strided dst) {
    cpu.copy(src, dst);
  }

  @Override
  public void transfer(Strided src, Strided dst) {
    cpu.copy(src, dst);
  }

  @Override
  public void unary(UnaryOp op, Strided in, Strided out) {
    cpu.unary(op, in, out);
  }

  @Override
  public void binary(BinaryOp op, Strided a, Strided b, Strided out) {
    cpu.binary(op, a, b, out);
  }

  @Override
  public void where(Strided cond, Strided a, Strided b, Strided out) {
    cpu.where(cond, a, b, out);
  }

  @Override
  public void reduce(ReduceOp op, Strided in, int dim, Strided values, Strided indices) {
    cpu.reduce(op, in, dim, values, indices);
  }

  @Override
  public void matmul(Strided a, Strided b, Strided out) {
    cpu.matmul(a, b, out);
  }

  @Override
  public void im2col(Strided in, Window2d w, Strided out) {
    cpu.im2col(in, w, out);
  }

  @Override
  public void col2im(Strided cols, Window2d w, Strided out) {
    cpu.col2im(cols, w, out);
  }

  @Override
  public void maxPool2d(Strided in, Window2d w, Strided out, Strided indices) {
    cpu.maxPool2d(in, w, out, indices);
  }

  @Override
  public void maxPool2dBackward(Strided grad, Strided indices, Strided gradInput) {
    cpu.maxPool2dBackward(grad, indices, gradInput);
  }

  @Override
  public void gather(Strided in, int dim, Strided index, Strided out) {
    cpu.gather(in, dim, index, out);
  }

  @Override
  public void scatterAdd(Strided out, int dim, Strided index, Strided src) {
    cpu.scatterAdd(out, dim, index, src);
  }
}
