package jtorch.keras.layers;

import jtorch.Tensor;
import jtorch.keras.TensorShape;
import jtorch.nn.functional.F;

/**
 * Sets inputs to zero with probability {@code rate} and scales the rest by {@code 1 / (1 - rate)},
 * only while training (inside {@code fit}); the identity in {@code predict}, {@code evaluate} and
 * direct calls. As {@code keras.layers.Dropout}.
 *
 * <pre>{@code
 * new Dropout(0.25).forward(x);   // x itself: layers are in inference mode outside fit()
 * }</pre>
 *
 * <p>See <a href="https://keras.io/api/layers/regularization_layers/dropout/">Dropout layer</a>.
 */
public class Dropout extends Layer {
  private final double rate;

  /** Drops with probability {@code rate}, {@code 0 <= rate < 1}. */
  public Dropout(double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(
          "Invalid value received for argument `rate`. Expected a float value between 0 and 1."
              + " Received: rate="
              + rate);
    }
    this.rate = rate;
  }

  /** The drop probability. */
  public double rate() {
    return rate;
  }

  @Override
  public TensorShape computeOutputShape(TensorShape inputShape) {
    return inputShape;
  }

  @Override
  public Tensor call(Tensor x) {
    return F.dropout(x, rate, isTraining());
  }

  @Override
  protected String extraRepr() {
    return "rate=" + rate;
  }
}
