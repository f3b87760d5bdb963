package jtorch.keras.losses;

import jtorch.Tensor;
import jtorch.keras.Activations;

/**
 * Cross-entropy between one-hot (or soft) labels and predictions, as {@code
 * keras.losses.CategoricalCrossentropy}, computed as TensorFlow's backend does: from logits {@code
 * -sum(y * log_softmax(logits))}; from probabilities, {@code p} is renormalised to sum to one,
 * clipped to {@code [1e-7, 1 - 1e-7]}, and {@code -sum(y * log(p))}; probabilities from a Keras
 * {@code "softmax"} activation use its logits.
 *
 * <pre>{@code
 * new CategoricalCrossentropy().compute(oneHot, probabilities);
 * }</pre>
 *
 * <p>See <a
 * href="https://keras.io/api/losses/probabilistic_losses/#categoricalcrossentropy-class">CategoricalCrossentropy</a>.
 */
public class CategoricalCrossentropy extends Loss {
  private final boolean fromLogits;

  /** From probabilities. */
  public CategoricalCrossentropy() {
    this(false);
  }

  /** From logits when {@code fromLogits}. */
  public CategoricalCrossentropy(boolean fromLogits) {
    super("categorical_crossentropy");
    this.fromLogits = fromLogits;
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    if (!yTrue.shape().equals(yPred.shape())) {
      throw new IllegalArgumentException(
          "Arguments `target` and `output` must have the same shape. Received: target.shape="
              + yTrue.shape()
              + ", output.shape="
              + yPred.shape());
    }
    Tensor y = yTrue.to(yPred.dtype());
    Tensor remembered = fromLogits ? null : Activations.logitsOf(yPred);
    Tensor logProb;
    if (fromLogits || remembered != null) {
      logProb = (fromLogits ? yPred : remembered).logSoftmax(-1);
    } else {
      Tensor p = yPred.div(yPred.sum(-1, true));
      logProb =
          p.clamp(SparseCategoricalCrossentropy.EPSILON, 1 - SparseCategoricalCrossentropy.EPSILON)
              .log();
    }
    return y.mul(logProb).sum(-1).neg();
  }
}
