package jtorch.keras.metrics;

import java.util.function.BiFunction;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;

/**
 * A metric that averages a per-example function of {@code (yTrue, yPred)} over all examples seen,
 * as {@code keras.metrics.MeanMetricWrapper}; the accuracies are built on it.
 *
 * <pre>{@code
 * var mae = new MeanMetricWrapper("mae", (t, p) -> p.sub(t).abs().mean(-1));
 * }</pre>
 */
public class MeanMetricWrapper extends Metric {
  private final BiFunction<Tensor, Tensor, Tensor> fn;
  private double total;
  private long count;

  /** Averages {@code fn(yTrue, yPred)} (one value per example) under {@code name}. */
  public MeanMetricWrapper(String name, BiFunction<Tensor, Tensor, Tensor> fn) {
    super(name);
    this.fn = fn;
  }

  @Override
  public void updateState(Tensor yTrue, Tensor yPred) {
    try (var guard = Torch.noGrad()) {
      Tensor values = fn.apply(yTrue, yPred.detach());
      total += values.to(DType.FLOAT64).sum().item();
      count += values.numel();
    }
  }

  @Override
  public double result() {
    return count == 0 ? 0 : total / count;
  }

  @Override
  public void resetState() {
    total = 0;
    count = 0;
  }
}
