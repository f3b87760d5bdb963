package jtorch.keras.data;

import jtorch.Tensor;

/**
 * One element of a {@link Dataset}: inputs {@code x} and labels {@code y} (null for an unlabelled
 * dataset), as the {@code (x, y)} tuples of {@code tf.data}. Before {@code batch} they are single
 * examples, after it batches.
 *
 * <pre>{@code
 * for (Element e : Dataset.fromTensorSlices(x, y).batch(32)) {
 *   e.x().shape();   // [32, 28, 28, 1]
 *   e.y().shape();   // [32]
 * }
 * }</pre>
 *
 * @param x the inputs
 * @param y the labels, or null
 */
public record Element(Tensor x, Tensor y) {

  /** An unlabelled element. */
  public static Element of(Tensor x) {
    return new Element(x, null);
  }

  /** Number of examples in a batch element (its first dimension). */
  public long batchSize() {
    return x.dim() == 0 ? 1 : x.size(0);
  }
}
