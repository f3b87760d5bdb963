package jtorch;

import jtorch.autograd.GradMode;
import jtorch.backend.BinaryOp;
import jtorch.backend.Scalar;

/**
 * In-place ops. Each bumps the storage's version counter, so autograd notices when a tensor it
 * saved is changed. When autograd is involved, the op runs out of place on the old value and the
 * tensor takes over the new node's history, as PyTorch rebases history.
 */
final class InPlace {
  private InPlace() {}

  private static boolean tracked(Tensor self, Tensor other) {
    return GradMode.isEnabled() && (self.requiresGrad() || (other != null && other.requiresGrad()));
  }

  static void checkWritable(String op, Tensor self) {
    if (self.isLeaf() && self.requiresGrad()) {
      throw new IllegalStateException(
          op
              + ": a leaf Variable that requires grad is being used in an in-place operation."
              + " Wrap the update in Torch.noGrad() (as optimizers do) or use the out-of-place"
              + " form.");
    }
    if (self.base() != null && (self.requiresGrad() || self.base().requiresGrad())) {
      throw new UnsupportedOperationException(
          op
              + ": in-place changes to a view of a tensor that requires grad are not supported"
              + " yet; use the out-of-place form or clone() the view first.");
    }
  }

  static Tensor binary(BinaryOp op, Tensor self, Tensor other) {
    String name = op.name().toLowerCase(java.util.Locale.ROOT) + "_";
    Checks.sameDevice(name, self, other);
    long[] shape = Checks.broadcast(name, self.shapeArray(), other.shapeArray());
    if (!java.util.Arrays.equals(shape, self.shapeArray())) {
      throw new IllegalArgumentException(
          name
              + ": output with shape "
              + self.shape()
              + " doesn't match the broadcast shape "
              + Checks.shape(shape));
    }
    DType result = Elementwise.resultType(self, other);
    if (op == BinaryOp.DIV && !result.isFloatingPoint()) {
      result = DType.FLOAT32;
    }
    if (!canCast(result, self.dtype())) {
      throw new IllegalArgumentException(
          name
              + ": result type "
              + result
              + " can't be cast to the desired output type "
              + self.dtype()
              + "; use the out-of-place form, which promotes.");
    }
    if (tracked(self, other)) {
      checkWritable(name, self);
      Tensor old = self.detach().clone();
      Tensor.setHistory(old, self.gradFn(), self.outputNr());
      Tensor r = Elementwise.binary(op, old, other);
      writeBack(self, r);
      return self;
    }
    if (result == self.dtype()) {
      // the other operand converted first, as the out-of-place op converts it: a Java number
      // (x.mul_(0.5) on float32) costs no pass of its own
      Tensor o = other.dtype() == result ? other : Elementwise.convertRaw(other, result);
      self.backend().binary(op, self.strided(), Elementwise.broadcast(o, shape), self.strided());
    } else {
      Tensor r;
      try (var guard = GradMode.noGrad()) {
        r = Elementwise.binary(op, self, other);
      }
      self.backend().copy(r.strided(), self.strided());
    }
    self.untypedStorage().bumpVersion();
    return self;
  }

  private static void writeBack(Tensor self, Tensor r) {
    self.backend().copy(r.to(self.dtype()).strided(), self.strided());
    self.untypedStorage().bumpVersion();
    Tensor.setHistory(self, r.gradFn(), r.outputNr());
  }

  static Tensor fill(Tensor self, double value) {
    if (GradMode.isEnabled() && self.requiresGrad()) {
      checkWritable("fill_", self);
      throw new UnsupportedOperationException(
          "fill_: filling a tensor that is part of the autograd graph is not supported yet; use"
              + " Torch.fullLike(...) instead");
    }
    boolean integral = !self.dtype().isFloatingPoint() && value == Math.rint(value);
    self.backend().fill(self.strided(), integral ? Scalar.of((long) value) : Scalar.of(value));
    self.untypedStorage().bumpVersion();
    return self;
  }

  static Tensor copy(Tensor self, Tensor src) {
    Checks.broadcast("copy_", src.shapeArray(), self.shapeArray());
    Tensor expanded;
    if (tracked(self, src)) {
      checkWritable("copy_", self);
      expanded = src.expand(self.shapeArray()).to(self.dtype()).to(self.device());
      if (expanded == src) {
        expanded = Views.alias(src);
      }
      self.backend().copy(expanded.strided(), self.strided());
      self.untypedStorage().bumpVersion();
      Tensor.setHistory(self, expanded.gradFn(), expanded.outputNr());
      return self;
    }
    Tensor s = src.device().equals(self.device()) ? src : src.to(self.device());
    self.backend().copy(Elementwise.broadcast(s, self.shapeArray()), self.strided());
    self.untypedStorage().bumpVersion();
    return self;
  }

  /** PyTorch's {@code can_cast}: no float to integer, no non-bool to bool. */
  static boolean canCast(DType from, DType to) {
    if (from.isFloatingPoint() && !to.isFloatingPoint()) {
      return false;
    }
    return from == DType.BOOL || to != DType.BOOL;
  }
}
