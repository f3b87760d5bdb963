package jtorch.cuda;

import jtorch.DType;
import jtorch.backend.AdadeltaStep;
import jtorch.backend.CounterRandom;
import jtorch.backend.SgdStep;
import jtorch.backend.Strided;

/**
 * Random fills and fused optimizer steps on the GPU: Bernoulli draws from {@link CounterRandom}
 * (the same values as the CPU's), and Adadelta and SGD in one pass each, rounded as the CPU's fused
 * steps.
 *
 * <pre>{@code
 * Fused.bernoulli(mask, 0.75, seed);   // dropout's keep mask, on the device
 * }</pre>
 */
final class Fused {
  private Fused() {}

  static void bernoulli(Strided out, double p, long seed) {
    if (out.numel() == 0) {
      return;
    }
    CudaDevice d = Operands.device(out);
    Layout l = Layout.of(out.shape(), out.stride());
    try (KernelArgs a = new KernelArgs()) {
      a.shape(l)
          .operand(Operands.address(out), DTypes.code(out.dtype()), l, 0)
          .i64(seed)
          .i64(CounterRandom.threshold(p));
      d.launch(Kernel.BERNOULLI, l.numel(), a);
    }
  }

  /** The step on contiguous float32 or float64 operands; false (nothing done) otherwise. */
  static boolean adadelta(
      Strided param, Strided grad, Strided squareAvg, Strided accDelta, AdadeltaStep o) {
    DType t = param.dtype();
    if (!fusable(param, grad, squareAvg, accDelta)) {
      return false;
    }
    long n = param.numel();
    if (n == 0) {
      return true;
    }
    CudaDevice d = Operands.device(param);
    try (KernelArgs a = new KernelArgs()) {
      a.i64(n)
          .ptr(Operands.address(param))
          .ptr(Operands.address(grad))
          .ptr(Operands.address(squareAvg))
          .ptr(Operands.address(accDelta));
      if (t == DType.FLOAT32) {
        a.f32((float) o.rho())
            .f32((float) (1 - o.rho()))
            .f32((float) o.eps())
            .f32((float) o.weightDecay())
            .f32((float) -o.lr());
      } else {
        a.f64(o.rho()).f64(1 - o.rho()).f64(o.eps()).f64(o.weightDecay()).f64(-o.lr());
      }
      a.i32(o.weightDecay() != 0 ? 1 : 0).i32(o.maximize() ? 1 : 0);
      d.launch(t == DType.FLOAT32 ? Kernel.ADADELTA_F32 : Kernel.ADADELTA_F64, n, a);
    }
    return true;
  }

  /**
   * The step on contiguous float32 or float64 operands ({@code buf} null without momentum); false
   * (nothing done) otherwise.
   */
  static boolean sgd(Strided param, Strided grad, Strided buf, SgdStep o) {
    DType t = param.dtype();
    if (!fusable(param, grad, buf)) {
      return false;
    }
    long n = param.numel();
    if (n == 0) {
      return true;
    }
    CudaDevice d = Operands.device(param);
    try (KernelArgs a = new KernelArgs()) {
      a.i64(n)
          .ptr(Operands.address(param))
          .ptr(Operands.address(grad))
          .ptr(buf == null ? 0 : Operands.address(buf));
      if (t == DType.FLOAT32) {
        a.f32((float) o.weightDecay())
            .f32((float) o.momentum())
            .f32((float) (1 - o.dampening()))
            .f32((float) -o.lr());
      } else {
        a.f64(o.weightDecay()).f64(o.momentum()).f64(1 - o.dampening()).f64(-o.lr());
      }
      a.i32(o.weightDecay() != 0 ? 1 : 0)
          .i32(o.momentum() != 0 ? 1 : 0)
          .i32(o.firstStep() ? 1 : 0)
          .i32(o.nesterov() ? 1 : 0)
          .i32(o.maximize() ? 1 : 0);
      d.launch(t == DType.FLOAT32 ? Kernel.SGD_F32 : Kernel.SGD_F64, n, a);
    }
    return true;
  }

  /**
   * True when the operands (nulls skipped) are contiguous and of the first one's dtype, float32 or
   * float64: what the fused kernels handle.
   */
  private static boolean fusable(Strided first, Strided... others) {
    DType t = first.dtype();
    if (!first.isContiguous() || (t != DType.FLOAT32 && t != DType.FLOAT64)) {
      return false;
    }
    for (Strided o : others) {
      if (o != null && (!o.isContiguous() || o.dtype() != t)) {
        return false;
      }
    }
    return true;
  }
}
