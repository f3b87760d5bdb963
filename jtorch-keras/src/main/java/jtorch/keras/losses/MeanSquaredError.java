package jtorch.keras.losses;

import jtorch.Tensor;

/**
 * Mean of squares of errors over the last axis, as {@code keras.losses.MeanSquaredError} ({@code
 * "mse"}).
 *
 * <pre>{@code
 * new MeanSquaredError().compute(yTrue, yPred);   // mean((yTrue - yPred)^2)
 * }</pre>
 *
 * <p>See <a
 * href="https://keras.io/api/losses/regression_losses/#meansquarederror-class">MeanSquaredError</a>.
 */
public class MeanSquaredError extends Loss {

  /** The loss. */
  public MeanSquaredError() {
    super("mean_squared_error");
  }

  @Override
  public Tensor call(Tensor yTrue, Tensor yPred) {
    Tensor d = yPred.sub(yTrue.to(yPred.dtype()));
    return d.mul(d).mean(-1);
  }
}
