package jtorch.keras.metrics;

import jtorch.Tensor;

/**
 * Base class of the Keras metrics, as {@code keras.metrics.Metric}: state accumulated over batches
 * by {@link #updateState}, read by {@link #result}, cleared by {@link #resetState} (at the start of
 * each epoch in {@code fit}).
 *
 * <pre>{@code
 * Metric m = new SparseCategoricalAccuracy();
 * m.updateState(labels, probabilities);
 * m.result();   // fraction of rows whose argmax is the label
 * }</pre>
 *
 * <p>See <a href="https://keras.io/api/metrics/">Metrics</a>.
 */
public abstract class Metric {
  private final String name;

  /** A metric reported under {@code name} in logs and histories. */
  protected Metric(String name) {
    this.name = name;
  }

  /** The name in logs ({@code accuracy}, {@code val_accuracy} for validation). */
  public String name() {
    return name;
  }

  /** Accumulates one batch. */
  public abstract void updateState(Tensor yTrue, Tensor yPred);

  /** The value over everything accumulated since the last reset. */
  public abstract double result();

  /** Clears the accumulated state. */
  public abstract void resetState();

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name + ")";
  }
}
