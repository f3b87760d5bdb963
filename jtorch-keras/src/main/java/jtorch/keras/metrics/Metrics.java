package jtorch.keras.metrics;

import jtorch.Tensor;

/**
 * Metrics by Keras name, as {@code compile(metrics=[...])} resolves them: {@code
 * sparse_categorical_accuracy}, {@code categorical_accuracy}, {@code binary_accuracy}, and {@code
 * "accuracy"} / {@code "acc"}, which become one of those on the first batch by Keras's rule: binary
 * when the prediction has one column, sparse when the label has lower rank (or one column against
 * several), else categorical. The metric keeps the name it was asked for.
 *
 * <pre>{@code
 * Metric acc = Metrics.get("accuracy");   // reported as "accuracy"
 * }</pre>
 */
public final class Metrics {
  private Metrics() {}

  /** The metric named {@code name}. */
  public static Metric get(String name) {
    return switch (name) {
      case "accuracy", "acc" -> new AutoAccuracy(name);
      case "sparse_categorical_accuracy" -> new SparseCategoricalAccuracy();
      case "categorical_accuracy" -> new CategoricalAccuracy();
      case "binary_accuracy" -> new BinaryAccuracy();
      default ->
          throw new IllegalArgumentException(
              "Unknown metric: '"
                  + name
                  + "' (known: accuracy, acc, sparse_categorical_accuracy, categorical_accuracy,"
                  + " binary_accuracy)");
    };
  }

  /** {@code "accuracy"}: picks its kind from the shapes of the first batch. */
  private static final class AutoAccuracy extends Metric {
    private Metric delegate;

    AutoAccuracy(String name) {
      super(name);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred) {
      if (delegate == null) {
        long predLast = yPred.dim() == 0 ? 1 : yPred.size(-1);
        long trueLast = yTrue.dim() == 0 ? 1 : yTrue.size(-1);
        if (predLast == 1) {
          delegate = new BinaryAccuracy(name(), 0.5);
        } else if (yTrue.dim() < yPred.dim() || (trueLast == 1 && predLast > 1)) {
          delegate = new SparseCategoricalAccuracy(name());
        } else {
          delegate = new CategoricalAccuracy(name());
        }
      }
      delegate.updateState(yTrue, yPred);
    }

    @Override
    public double result() {
      return delegate == null ? 0 : delegate.result();
    }

    @Override
    public void resetState() {
      if (delegate != null) {
        delegate.resetState();
      }
    }
  }
}
