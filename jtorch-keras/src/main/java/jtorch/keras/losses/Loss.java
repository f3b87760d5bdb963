package jtorch.keras.losses;

import jtorch.Tensor;

/**
 * Base class of the Keras losses, as {@code keras.losses.Loss}: {@link #call} gives one loss per
 * example, {@link #compute} reduces them as Keras's default {@code "sum_over_batch_size"} (the
 * mean), which is what {@code fit} minimises.
 *
 * <pre>{@code
 * Loss scce = new SparseCategoricalCrossentropy();
 * scce.compute(Keras.constant(new int[] {1, 2}), probabilities);   // 0-d tensor
 * }</pre>
 *
 * <p>Arguments are {@code (yTrue, yPred)}, Keras's order (PyTorch's losses take prediction first).
 * See <a href="https://keras.io/api/losses/">Losses</a>.
 */
public abstract class Loss {
  private final String name;

  /** A loss called {@code name} (Keras's snake-case name). */
  protected Loss(String name) {
    this.name = name;
  }

  /** The loss's name, e.g. {@code sparse_categorical_crossentropy}. */
  public String name() {
    return name;
  }

  /** The loss of each example (one value per row of {@code yPred}), as Keras's {@code call}. */
  public abstract Tensor call(Tensor yTrue, Tensor yPred);

  /** The mean of {@link #call} over all its values, as {@code loss(y_true, y_pred)} in Keras. */
  public Tensor compute(Tensor yTrue, Tensor yPred) {
    return call(yTrue, yPred).mean();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(name=" + name + ")";
  }
}
