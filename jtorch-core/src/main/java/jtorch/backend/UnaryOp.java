package jtorch.backend;

/** Elementwise operations of one operand that every backend implements. */
public enum UnaryOp {
  NEG,
  ABS,
  SIGN,
  EXP,
  LOG,
  SQRT,
  RELU,
  SIGMOID,
  TANH,
  LOGICAL_NOT;

  /** True when the op maps integers to floating point (exp, log, ...), as PyTorch does. */
  public boolean promotesIntegers() {
    return switch (this) {
      case EXP, LOG, SQRT, SIGMOID, TANH -> true;
      default -> false;
    };
  }
}
