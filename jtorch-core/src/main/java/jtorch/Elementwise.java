package jtorch;

import jtorch.backend.BinaryOp;
import jtorch.backend.Strided;
import jtorch.backend.UnaryOp;

/** Elementwise ops: broadcasting, PyTorch's type promotion, output allocation and recording. */
final class Elementwise {
  private Elementwise() {}

  /**
   * The dtype of an op over {@code a} and {@code b}, as {@code torch.result_type}: dimensioned
   * tensors decide first, then 0-d tensors, then Java scalars, and a lower tier only matters when
   * its category (bool, integer, floating) is higher.
   */
  static DType resultType(Tensor a, Tensor b) {
    DType[] tiers = new DType[3];
    for (Tensor t : new Tensor[] {a, b}) {
      int tier = t.isWrappedNumber() ? 2 : t.dim() == 0 ? 1 : 0;
      DType d = t.dtype();
      if (tier == 2 && d.isFloatingPoint()) {
        d = DType.FLOAT32;
      }
      tiers[tier] = tiers[tier] == null ? d : DType.promoteTypes(tiers[tier], d);
    }
    return combine(tiers[0], combine(tiers[1], tiers[2]));
  }

  private static DType combine(DType higher, DType lower) {
    if (higher == null) {
      return lower;
    }
    if (lower == null || higher.isFloatingPoint()) {
      return higher;
    }
    if (lower.kind().ordinal() > higher.kind().ordinal()) {
      return DType.promoteTypes(higher, lower);
    }
    return higher;
  }

  static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
    String name = op.name().toLowerCase(java.util.Locale.ROOT);
    Checks.sameDevice(name, a, b);
    DType common = resultType(a, b);
    if (op == BinaryOp.DIV && !common.isFloatingPoint()) {
      common = DType.FLOAT32;
    }
    if (op == BinaryOp.SUB && common == DType.BOOL) {
      throw new IllegalArgumentException(
          "sub: Subtraction, the `-` operator, with two bool tensors is not supported. Use the"
              + " `^` or `logicalXor()` operator instead.");
    }
    if (op == BinaryOp.SUB && (a.dtype() == DType.BOOL || b.dtype() == DType.BOOL)) {
      throw new IllegalArgumentException(
          "sub: Subtraction, the `-` operator, with a bool tensor is not supported. If you are"
              + " trying to invert a mask, use logicalNot() instead.");
    }
    if (op == BinaryOp.LOGICAL_AND || op == BinaryOp.LOGICAL_OR) {
      common = DType.BOOL;
    }
    long[] shape = Checks.broadcast(name, a.shapeArray(), b.shapeArray());
    DType outType = op.isComparison() ? DType.BOOL : common;
    Tensor out = Torch.empty(shape, outType, a.device());
    Tensor ca = a.dtype() == common ? a : convertRaw(a, common);
    Tensor cb = b.dtype() == common ? b : convertRaw(b, common);
    a.backend().binary(op, broadcast(ca, shape), broadcast(cb, shape), out.strided());
    if (op.isComparison()) {
      return out;
    }
    Tensor[] save =
        switch (op) {
          case MUL, DIV, POW, MAXIMUM, MINIMUM -> new Tensor[] {ca, cb};
          default -> new Tensor[0];
        };
    return Graph.record(opName(op), out, new Tensor[] {a, b}, save, Derivatives.binary(op));
  }

  /**
   * The gradient of {@code relu} from its output: {@code grad} where {@code result > 0}, else 0, as
   * ATen's {@code threshold_backward}. One pass and one output, where {@code
   * grad.mul(result.gt(0))} would make a bool mask, convert it to floats and multiply. Not
   * recorded: backward rules run with grad mode off.
   */
  static Tensor reluBackward(Tensor grad, Tensor result) {
    Checks.sameDevice("relu_backward", grad, result);
    DType t = grad.dtype();
    long[] shape = Checks.broadcast("relu_backward", grad.shapeArray(), result.shapeArray());
    Tensor r = result.dtype() == t ? result : convertRaw(result, t);
    Tensor out = Torch.empty(shape, t, grad.device());
    grad.backend()
        .binary(BinaryOp.RELU_BACKWARD, broadcast(grad, shape), broadcast(r, shape), out.strided());
    return out;
  }

  static Tensor unary(UnaryOp op, Tensor x) {
    DType t = x.dtype();
    if (op == UnaryOp.NEG && t == DType.BOOL) {
      throw new IllegalArgumentException(
          "neg: Negation, the `-` operator, on a bool tensor is not supported. If you are trying"
              + " to invert a mask, use logicalNot() instead.");
    }
    DType outType = t;
    if (op.promotesIntegers() && !t.isFloatingPoint()) {
      outType = DType.FLOAT32;
    }
    if (op == UnaryOp.LOGICAL_NOT) {
      outType = DType.BOOL;
    }
    Tensor in = outType.isFloatingPoint() && t != outType ? convertRaw(x, outType) : x;
    Tensor out = Torch.empty(x.shapeArray(), outType, x.device());
    x.backend().unary(op, in.strided(), out.strided());
    if (op == UnaryOp.LOGICAL_NOT) {
      return out;
    }
    return Graph.record(
        opName(op), out, new Tensor[] {x}, new Tensor[] {in, out}, Derivatives.unary(op));
  }

  static Tensor where(Tensor cond, Tensor a, Tensor b) {
    if (cond.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(
          "where: expected condition to be a bool tensor, but got "
              + cond.dtype()
              + ". Build it with a comparison such as x.gt(0).");
    }
    Checks.sameDevice("where", cond, a);
    Checks.sameDevice("where", a, b);
    DType common = resultType(a, b);
    long[] shape =
        Checks.broadcast(
            "where", Checks.broadcast("where", cond.shapeArray(), a.shapeArray()), b.shapeArray());
    Tensor out = Torch.empty(shape, common, a.device());
    Tensor ca = a.dtype() == common ? a : convertRaw(a, common);
    Tensor cb = b.dtype() == common ? b : convertRaw(b, common);
    a.backend()
        .where(broadcast(cond, shape), broadcast(ca, shape), broadcast(cb, shape), out.strided());
    return Graph.record(
        "WhereBackward0", out, new Tensor[] {cond, a, b}, new Tensor[] {cond}, Derivatives.where());
  }

  /**
   * Limits {@code x} to {@code [min, max]}; each bound is a Java number ({@link Torch#scalar}) or
   * null for none. The bounds take part in type promotion as in PyTorch: an integer tensor clamped
   * by doubles gives float32, by longs keeps its dtype.
   */
  static Tensor clamp(Tensor x, Tensor min, Tensor max) {
    Tensor r;
    try (var guard = jtorch.autograd.GradMode.noGrad()) {
      r = x;
      if (min != null) {
        r = r.maximum(onDevice(min, x));
      }
      if (max != null) {
        r = r.minimum(onDevice(max, x));
      }
      if (r == x) {
        r = x.clone();
      }
    }
    Tensor out = r.detach();
    double lo = min == null ? Double.NaN : min.item();
    double hi = max == null ? Double.NaN : max.item();
    return Graph.record(
        "ClampBackward1", out, new Tensor[] {x}, new Tensor[] {x}, Derivatives.clamp(lo, hi));
  }

  /** A wrapped number moved to {@code x}'s device, still promoted as a wrapped number. */
  private static Tensor onDevice(Tensor scalar, Tensor x) {
    return scalar.device().equals(x.device()) ? scalar : scalar.to(x.device()).markWrappedNumber();
  }

  /** Broadcast view for a kernel (no autograd). */
  static Strided broadcast(Tensor t, long[] shape) {
    return new Strided(
        t.untypedStorage(), t.storageOffset(), shape, Shapes.broadcastStrides(t, shape), t.dtype());
  }

  /** A converted copy without autograd (the caller records the op over the original). */
  static Tensor convertRaw(Tensor t, DType dtype) {
    Tensor out = Torch.empty(t.shapeArray(), dtype, t.device());
    t.backend().copy(t.strided(), out.strided());
    if (t.isWrappedNumber()) {
      out.markWrappedNumber();
    }
    return out;
  }

  private static String opName(Enum<?> op) {
    String n = op.name().toLowerCase(java.util.Locale.ROOT);
    StringBuilder sb = new StringBuilder();
    boolean up = true;
    for (char c : n.toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        sb.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return sb + "Backward0";
  }
}
