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
  LOGICAL_OR;

  /** True when the result is a bool tensor whatever the inputs. */
  public boolean isComparison() {
    return switch (this) {
      case EQ, NE, LT, LE, GT, GE, LOGICAL_AND, LOGICAL_OR -> true;
      default -> false;
    };
  }
}
