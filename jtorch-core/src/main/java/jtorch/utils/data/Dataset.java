package jtorch.utils.data;

/**
 * A map-style dataset: a size and random access by index, as {@code torch.utils.data.Dataset}.
 *
 * <pre>{@code
 * Dataset<Example> ds = new TensorDataset(x, y);
 * ds.size();      // number of examples
 * ds.get(0);      // Example[data=..., target=...]
 * }</pre>
 *
 * @param <T> what one example is
 */
public interface Dataset<T> {

  /** Number of examples, as {@code len(dataset)}. */
  int size();

  /**
   * Example {@code index}, {@code 0 <= index < size()}. Must be safe to call from several threads.
   */
  T get(int index);
}
