package jtorch.nn.functional;

/** How a loss combines its per-element values, as the {@code reduction} argument in PyTorch. */
public enum Reduction {
  /** No reduction: one loss per element. */
  NONE,
  /** The mean (for weighted NLL: divided by the total weight), the default. */
  MEAN,
  /** The sum. */
  SUM
}
