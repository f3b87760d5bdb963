package jtorch.backend.cpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import jtorch.DType;
import jtorch.Device;
import jtorch.UntypedStorage;
import jtorch.backend.AdadeltaStep;
import jtorch.backend.Backend;
import jtorch.backend.BinaryOp;
import jtorch.backend.ReduceOp;
import jtorch.backend.Scalar;
import jtorch.backend.SgdStep;
import jtorch.backend.Strided;
import jtorch.backend.UnaryOp;
import jtorch.backend.Window2d;

/**
 * The CPU backend: pure Java, always present, the reference for every other backend. Storage up to
 * 2^31 - 1 elements is a Java array of the dtype's width (freed by the garbage collector); larger
 * storage is off-heap memory owned by an automatic arena.
 */
public final class CpuBackend implements Backend {
  /** The single instance. */
  public static final CpuBackend INSTANCE = new CpuBackend();

  private CpuBackend() {}

  /**
   * Which float32 loops run: {@code scalar} or {@code vector(...)}, followed by {@code , OpenBLAS
   * matmul from 128} when large products go to the system's OpenBLAS.
   */
  public static String floatKernels() {
    return FloatOpsProvider.OPS.name()
        + NativeBlas.INSTANCE.map(b -> ", OpenBLAS matmul from " + NativeBlas.MIN_SIDE).orElse("");
  }

  @Override
  public Device.Type deviceType() {
    return Device.Type.CPU;
  }

  @Override
  public UntypedStorage allocate(long numel, DType dtype, Device device) {
    if (numel > Integer.MAX_VALUE - 8) {
      MemorySegment seg = Arena.ofAuto().allocate(numel * dtype.itemSize(), 64);
      return UntypedStorage.wrap(seg, Device.CPU);
    }
    int n = (int) numel;
    MemorySegment seg =
        switch (dtype.itemSize()) {
          case 8 ->
              dtype == DType.FLOAT64
                  ? MemorySegment.ofArray(new double[n])
                  : MemorySegment.ofArray(new long[n]);
          case 4 ->
              dtype == DType.FLOAT32
                  ? MemorySegment.ofArray(new float[n])
                  : MemorySegment.ofArray(new int[n]);
          case 2 -> MemorySegment.ofArray(new short[n]);
          default -> MemorySegment.ofArray(new byte[n]);
        };
    return UntypedStorage.wrap(seg, Device.CPU);
  }

  @Override
  public void fill(Strided out, Scalar value) {
    Pointwise.fill(out, value);
  }

  @Override
  public void copy(Strided src, Strided dst) {
    Pointwise.copy(src, dst);
  }

  @Override
  public void unary(UnaryOp op, Strided in, Strided out) {
    Pointwise.unary(op, in, out);
  }

  @Override
  public void binary(BinaryOp op, Strided a, Strided b, Strided out) {
    Pointwise.binary(op, a, b, out);
  }

  @Override
  public void where(Strided cond, Strided a, Strided b, Strided out) {
    Pointwise.where(cond, a, b, out);
  }

  @Override
  public void reduce(ReduceOp op, Strided in, int dim, Strided values, Strided indices) {
    Reduce.reduce(op, in, dim, values, indices);
  }

  @Override
  public void matmul(Strided a, Strided b, Strided out) {
    Matmul.matmul(a, b, out);
  }

  @Override
  public void im2col(Strided in, Window2d w, Strided out) {
    Windows.im2col(in, w, out);
  }

  @Override
  public void col2im(Strided cols, Window2d w, Strided out) {
    Windows.col2im(cols, w, out);
  }

  @Override
  public void conv2d(
      Strided in, Strided weight, Strided bias, Window2d w, int groups, Strided out) {
    if (!Convolutions.forward(in, weight, bias, w, groups, false, out)) {
      Backend.super.conv2d(in, weight, bias, w, groups, out);
    }
  }

  @Override
  public boolean conv2dRelu(
      Strided in, Strided weight, Strided bias, Window2d w, int groups, Strided out) {
    return Convolutions.forward(in, weight, bias, w, groups, true, out);
  }

  @Override
  public void conv2dBackward(
      Strided grad,
      Strided in,
      Strided weight,
      Window2d w,
      int groups,
      Strided gradInput,
      Strided gradWeight,
      Strided gradBias) {
    if (!Convolutions.backward(
        grad, null, in, weight, w, groups, gradInput, gradWeight, gradBias)) {
      Backend.super.conv2dBackward(grad, in, weight, w, groups, gradInput, gradWeight, gradBias);
    }
  }

  @Override
  public boolean conv2dReluMaxPool(
      Strided in,
      Strided weight,
      Strided bias,
      Window2d w,
      int groups,
      Window2d pool,
      Strided out,
      Strided indices) {
    return Convolutions.forwardPooled(in, weight, bias, w, groups, pool, out, indices);
  }

  @Override
  public boolean conv2dReluMaxPoolBackward(
      Strided grad,
      Strided out,
      Strided indices,
      Strided in,
      Strided weight,
      Window2d w,
      int groups,
      Window2d pool,
      Strided gradInput,
      Strided gradWeight,
      Strided gradBias) {
    return Convolutions.backwardPooled(
        grad, out, indices, in, weight, w, groups, pool, gradInput, gradWeight, gradBias);
  }

  @Override
  public boolean conv2dReluBackward(
      Strided grad,
      Strided result,
      Strided in,
      Strided weight,
      Window2d w,
      int groups,
      Strided gradInput,
      Strided gradWeight,
      Strided gradBias) {
    return Convolutions.backward(
        grad, result, in, weight, w, groups, gradInput, gradWeight, gradBias);
  }

  @Override
  public void bernoulli(Strided out, double p, long seed) {
    Bernoulli.fill(out, p, seed);
  }

  @Override
  public boolean adadelta(
      Strided param, Strided grad, Strided squareAvg, Strided accDelta, AdadeltaStep step) {
    return FusedAdadelta.step(param, grad, squareAvg, accDelta, step);
  }

  @Override
  public boolean sgd(Strided param, Strided grad, Strided momentumBuffer, SgdStep step) {
    return FusedSgd.step(param, grad, momentumBuffer, step);
  }

  @Override
  public void maxPool2d(Strided in, Window2d w, Strided out, Strided indices) {
    Windows.maxPool2d(in, w, out, indices);
  }

  @Override
  public void maxPool2dBackward(Strided grad, Strided indices, Strided gradInput) {
    Windows.maxPool2dBackward(grad, indices, gradInput);
  }

  @Override
  public void gather(Strided in, int dim, Strided index, Strided out) {
    Indexing.gather(in, dim, index, out);
  }

  @Override
  public void scatterAdd(Strided out, int dim, Strided index, Strided src) {
    Indexing.scatterAdd(out, dim, index, src);
  }
}
