package jtorch.keras.metrics;

import jtorch.DType;
import jtorch.Tensor;

/**
 * How often the argmax of the prediction equals the integer label, as {@code
 * keras.metrics.SparseCategoricalAccuracy}; what {@code "accuracy"} means with {@code
 * sparse_categorical_crossentropy}.
 *
 * <pre>{@code
 * model.compile(opt, "sparse_categorical_crossentropy", List.of("accuracy"));
 * }</pre>
 *
 * <p>See <a
 * href="https://keras.io/api/metrics/accuracy_metrics/#sparsecategoricalaccuracy-class">SparseCategoricalAccuracy</a>.
 */
public class SparseCategoricalAccuracy extends MeanMetricWrapper {

  /** Named {@code sparse_categorical_accuracy}. */
  public SparseCategoricalAccuracy() {
    this("sparse_categorical_accuracy");
  }

  /** Named {@code name} (e.g. {@code accuracy}). */
  public SparseCategoricalAccuracy(String name) {
    super(name, SparseCategoricalAccuracy::matches);
  }

  static Tensor matches(Tensor yTrue, Tensor yPred) {
    Tensor labels = yTrue;
    if (labels.dim() == yPred.dim() && labels.size(-1) == 1) {
      labels = labels.squeeze(-1);
    }
    return yPred.argmax(-1).eq(labels.to(DType.INT64)).to(DType.FLOAT32);
  }
}
