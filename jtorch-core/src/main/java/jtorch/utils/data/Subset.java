package jtorch.utils.data;

/**
 * A view of some examples of a dataset, as {@code torch.utils.data.Subset}.
 *
 * <pre>{@code
 * Dataset<Example> firstHundred = new Subset<>(train, IntStream.range(0, 100).toArray());
 * }</pre>
 *
 * @param <T> what one example is
 */
public final class Subset<T> implements Dataset<T> {
  private final Dataset<T> dataset;
  private final int[] indices;

  /** Examples {@code indices} of {@code dataset}, in that order. */
  public Subset(Dataset<T> dataset, int[] indices) {
    for (int i : indices) {
      if (i < 0 || i >= dataset.size()) {
        throw new IndexOutOfBoundsException(
            "Subset: index " + i + " is out of range for a dataset of size " + dataset.size());
      }
    }
    this.dataset = dataset;
    this.indices = indices.clone();
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public T get(int index) {
    return dataset.get(indices[index]);
  }

  /** The underlying dataset. */
  public Dataset<T> dataset() {
    return dataset;
  }
}
