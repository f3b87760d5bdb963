package jtorch.backend;

/** Elementwise operations of two operands that every backend implements. */
public enum BinaryOp {
  ADD,
  SUB,
  MUL,
  DIV,
  POW,
  MAXIMUM,
  MINIMUM,
  EQ,
  NE,
  LT,
  LE,
  GT,
  GE,
  LOGICAL_AND,
  LOGICAL_OR,
  /**
   * {@code b <= 0 ? 0 : a}: the gradient {@code a} of relu, whose output is {@code b}, in one pass
   * (ATen's {@code threshold_backward} at 0). Not differentiable.
   */
  RELU_BACKWARD;

  /** True when the result is a bool tensor whatever the inputs. */
  public boolean isComparison() {
    return switch (this) {
      case EQ, NE, LT, LE, GT, GE, LOGICAL_AND, LOGICAL_OR -> true;
      default -> false;
    };
  }
}
