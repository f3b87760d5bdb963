package jtorch.keras.losses;

import jtorch.Tensor;

/**
 * Binary cross-entropy averaged over the last axis, as {@code keras.losses.BinaryCrossentropy}:
 * from logits computed stably; from probabilities clipped to {@code [1e-7, 1 - 1e-7]} as
 * TensorFlow's backend does.
 *
 * <pre>{@code
 * new BinaryCrossentropy().compute(labels, probabilities);
 * }</pre>
 *
 * <p>See <a
 * href="https://keras.io/api/losses/probabilistic_losses/#binarycrossentropy-class">BinaryCrossentropy</a>.
 */
public class BinaryCrossentropy extends Loss {
  private final boolean fromLogits;

  /** From probabilities. */
  public BinaryCrossentropy() {
    this(false);
  }

  /** From logits when {@code fromLogits}. */
  public BinaryCrossentropy(boolean fromLogits) {
    super("binary_crossentropy");
    this.fromLogits = fromLogits;
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    Tensor y = yTrue.to(yPred.dtype());
    Tensor bce;
    if (fromLogits) {
      // max(x, 0) - x * y + log(1 + exp(-|x|))
      bce = yPred.relu().sub(yPred.mul(y)).add(yPred.abs().neg().exp().add(1.0).log());
    } else {
      double eps = SparseCategoricalCrossentropy.EPSILON;
      Tensor p = yPred.clamp(eps, 1 - eps);
      bce = y.mul(p.log()).add(y.neg().add(1.0).mul(p.neg().add(1.0).log())).neg();
    }
    return bce.mean(-1);
  }
}
