package jtorch.keras.metrics;

import jtorch.DType;

/**
 * How often the argmax of the prediction equals the argmax of the one-hot label, as {@code
 * keras.metrics.CategoricalAccuracy}.
 *
 * <pre>{@code
 * model.compile(opt, "categorical_crossentropy", List.of("accuracy"));
 * }</pre>
 *
 * <p>See <a
 * href="https://keras.io/api/metrics/accuracy_metrics/#categoricalaccuracy-class">CategoricalAccuracy</a>.
 */
public class CategoricalAccuracy extends MeanMetricWrapper {

  /** Named {@code categorical_accuracy}. */
  public CategoricalAccuracy() {
    this("categorical_accuracy");
  }

  /** Named {@code name}. */
  public CategoricalAccuracy(String name) {
    super(name, (t, p) -> p.argmax(-1).eq(t.argmax(-1)).to(DType.FLOAT32));
  }
}
