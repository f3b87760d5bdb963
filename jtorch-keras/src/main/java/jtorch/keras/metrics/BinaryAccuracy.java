package jtorch.keras.metrics;

import jtorch.DType;
import jtorch.Tensor;

/**
 * How often {@code yPred > threshold} (default 0.5) agrees with the 0/1 label, averaged over the
 * last axis, as {@code keras.metrics.BinaryAccuracy}.
 *
 * <pre>{@code
 * model.compile(opt, "binary_crossentropy", List.of("accuracy"));
 * }</pre>
 *
 * <p>See <a
 * href="https://keras.io/api/metrics/accuracy_metrics/#binaryaccuracy-class">BinaryAccuracy</a>.
 */
public class BinaryAccuracy extends MeanMetricWrapper {

  /** Named {@code binary_accuracy}, threshold 0.5. */
  public BinaryAccuracy() {
    this("binary_accuracy", 0.5);
  }

  /** Named {@code name} with {@code threshold}. */
  public BinaryAccuracy(String name, double threshold) {
    super(name, (t, p) -> matches(t, p, threshold));
  }

  private static Tensor matches(Tensor yTrue, Tensor yPred, double threshold) {
    Tensor predicted = yPred.gt(threshold).to(DType.FLOAT32);
    return predicted.eq(yTrue.to(DType.FLOAT32)).to(DType.FLOAT32).mean(-1);
  }
}
