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
      a.real(t, o.rho())
          .real(t, 1 - o.rho())
          .real(t, o.eps())
          .real(t, o.weightDecay())
          .real(t, -o.lr())
          .flag(o.weightDecay() != 0)
          .flag(o.maximize());
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
      a.real(t, o.weightDecay())
          .real(t, o.momentum())
          .real(t, 1 - o.dampening())
          .real(t, -o.lr())
          .flag(o.weightDecay() != 0)
          .flag(o.momentum() != 0)
          .flag(o.firstStep())
          .flag(o.nesterov())
          .flag(o.maximize());
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
