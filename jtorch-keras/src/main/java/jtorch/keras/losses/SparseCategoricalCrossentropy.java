package jtorch.keras.losses;

import jtorch.DType;
import jtorch.Tensor;
import jtorch.keras.Activations;
import jtorch.nn.functional.F;
import jtorch.nn.functional.Reduction;

/**
 * Cross-entropy between integer labels and predicted class probabilities (or logits), as {@code
 * keras.losses.SparseCategoricalCrossentropy}, computed as TensorFlow's backend does:
 *
 * <ul>
 *   <li>from logits: {@code -log_softmax(logits)[label]};
 *   <li>from probabilities: the probabilities are clipped to {@code [1e-7, 1 - 1e-7]} and their log
 *       is treated as logits, {@code -log(clip(p)[label] / sum(clip(p)))} (equal to {@code
 *       -log(clip(p)[label])} for normalised {@code p});
 *   <li>probabilities that a Keras {@code "softmax"} activation produced are replaced by the logits
 *       it remembered (Keras's {@code _keras_logits}), so {@code Dense(10, "softmax")} trains as
 *       stably as logits.
 * </ul>
 *
 * <p>Labels may be any integer dtype (uint8 MNIST labels work) and may carry a trailing axis of 1.
 *
 * <pre>{@code
 * var loss = new SparseCategoricalCrossentropy();
 * loss.compute(Keras.constant(new int[] {1, 2}),
 *     Keras.constant(new double[][] {{0.05, 0.95, 0}, {0.1, 0.8, 0.1}}));   // tensor(1.1769)
 * }</pre>
 *
 * <p>See <a
 * href="https://keras.io/api/losses/probabilistic_losses/#sparsecategoricalcrossentropy-class">SparseCategoricalCrossentropy</a>.
 */
public class SparseCategoricalCrossentropy extends Loss {
  /** Keras's {@code backend.epsilon()}. */
  public static final double EPSILON = 1e-7;

  private final boolean fromLogits;

  /** From probabilities. */
  public SparseCategoricalCrossentropy() {
    this(false);
  }

  /** From logits when {@code fromLogits}, else from probabilities. */
  public SparseCategoricalCrossentropy(boolean fromLogits) {
    super("sparse_categorical_crossentropy");
    this.fromLogits = fromLogits;
  }

  /** Whether predictions are logits. */
  public boolean fromLogits() {
    return fromLogits;
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    Tensor labels = yTrue;
    if (labels.dim() == yPred.dim() && labels.dim() > 0 && labels.size(-1) == 1) {
      labels = labels.squeeze(-1);
    }
    if (labels.dim() != yPred.dim() - 1) {
      throw new IllegalArgumentException(
          "Argument `output` must have rank (ndim) `target.ndim - 1`. Received: target.shape="
              + labels.shape()
              + ", output.shape="
              + yPred.shape());
    }
    if (labels.dtype().isFloatingPoint()) {
      labels = labels.toLong(); // Keras casts the targets to int64
    } else if (labels.dtype() != DType.INT64) {
      labels = labels.to(DType.INT64);
    }
    Tensor logits;
    Tensor remembered = fromLogits ? null : Activations.logitsOf(yPred);
    if (fromLogits) {
      logits = yPred;
    } else if (remembered != null) {
      logits = remembered;
    } else {
      logits = yPred.clamp(EPSILON, 1 - EPSILON).log();
    }
    long classes = logits.size(-1);
    Tensor flat = logits.reshape(-1, classes);
    Tensor perExample = F.crossEntropy(flat, labels.reshape(-1), Reduction.NONE);
    return perExample.reshape(labels.shape().toArray());
  }
}
