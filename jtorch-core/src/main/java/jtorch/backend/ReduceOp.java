package jtorch.backend;

/** Reductions along one dimension that every backend implements. */
public enum ReduceOp {
  /** Sum; floating-point sums accumulate in double. */
  SUM,
  /** Largest value, and with an index output the first position of it. */
  MAX,
  /** Smallest value, and with an index output the first position of it. */
  MIN
}
