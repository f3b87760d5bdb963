package jtorch.optim;

import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;

/**
 * The fused pointwise ops PyTorch's optimizers use, written with jtorch's ops in the order
 * PyTorch's CPU kernels evaluate them, plus shared option checks.
 */
final class Kernels {
  private Kernels() {}

  /** {@code self += value * t1 * t2}, as {@code addcmul_} ({@code self + (value * t1) * t2}). */
  static Tensor addcmul_(Tensor self, Tensor t1, Tensor t2, double value) {
    return self.add_(value == 1 ? t1.mul(t2) : t1.mul(value).mul(t2));
  }

  /** {@code self += value * t1 / t2}, as {@code addcdiv_} ({@code self + (value * t1) / t2}). */
  static Tensor addcdiv_(Tensor self, Tensor t1, Tensor t2, double value) {
    return self.add_(value == 1 ? t1.div(t2) : t1.mul(value).div(t2));
  }

  /** The {@code step} counter PyTorch 2 keeps per parameter: a float32 0-d tensor. */
  static Tensor newStep() {
    return Torch.zeros(new long[0], DType.FLOAT32);
  }

  /** Adds one to the step counter and returns the new count. */
  static double increment(Tensor step) {
    step.add_(1.0);
    return step.item();
  }

  /** Fails with PyTorch's message unless {@code value >= 0}. */
  static double nonNegative(String what, double value) {
    if (!(value >= 0)) {
      throw new IllegalArgumentException("Invalid " + what + ": " + value);
    }
    return value;
  }

  /** Checks lr >= 0 and returns it. */
  static double lr(double lr) {
    return nonNegative("learning rate", lr);
  }
}
