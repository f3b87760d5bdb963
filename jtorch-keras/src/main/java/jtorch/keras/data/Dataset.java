package jtorch.keras.data;

import java.util.Iterator;
import java.util.function.BiFunction;
import java.util.function.Function;
import jtorch.Tensor;
import jtorch.Torch;

/**
 * An input pipeline, as {@code tf.data.Dataset}: a source ({@link #fromTensorSlices}) and lazy
 * transformations ({@link #shuffle}, {@link #batch}, {@link #map}, {@link #prefetch}, {@link
 * #take}) that each return a new dataset. Every {@link #iterator()} is a fresh pass (an epoch).
 *
 * <pre>{@code
 * var train = Dataset.fromTensorSlices(x, y).shuffle(10000).batch(32).prefetch(2);
 * train.cardinality();       // 1875 for MNIST's 60,000 images
 * for (Element batch : train) {
 *   batch.x();               // [32, 28, 28, 1]
 * }
 * model.fit(train, 2, test);
 * }</pre>
 *
 * <p>See <a href="https://www.tensorflow.org/api_docs/python/tf/data/Dataset">tf.data.Dataset</a>.
 */
public abstract class Dataset implements Iterable<Element> {
  /** {@code tf.data.AUTOTUNE}: lets {@link #prefetch} pick its buffer (two elements here). */
  public static final int AUTOTUNE = -1;

  /** {@link #cardinality()} when the size is not known. */
  public static final long UNKNOWN_CARDINALITY = -2;

  /** For subclasses. */
  protected Dataset() {}

  // ---- sources --------------------------------------------------------------------------------

  /**
   * The rows of {@code x} paired with the rows of {@code y}, as {@code
   * Dataset.from_tensor_slices((x, y))}; the tensors are viewed, not copied.
   */
  public static Dataset fromTensorSlices(Tensor x, Tensor y) {
    return new TensorSlices(x, y);
  }

  /** The rows of {@code x}, unlabelled. */
  public static Dataset fromTensorSlices(Tensor x) {
    return new TensorSlices(x, null);
  }

  // ---- transformations ------------------------------------------------------------------------

  /**
   * Shuffles with a buffer of {@code bufferSize} elements, reshuffled on every pass, as {@code
   * shuffle(buffer_size)}: each element is drawn at random from the buffer, whose place is then
   * refilled with the next input element. A buffer at least as large as the dataset gives a full
   * shuffle. The seed is drawn from jtorch's generator, so {@code Keras.setRandomSeed} fixes it.
   */
  public Dataset shuffle(int bufferSize) {
    return new Shuffle(this, bufferSize, Torch.defaultGenerator().nextUInt64(), true);
  }

  /** As {@link #shuffle(int)} with a seed: the sequence of passes is repeatable. */
  public Dataset shuffle(int bufferSize, long seed) {
    return new Shuffle(this, bufferSize, seed, true);
  }

  /**
   * As {@link #shuffle(int, long)}; with {@code reshuffleEachIteration} false every pass has the
   * same order.
   */
  public Dataset shuffle(int bufferSize, long seed, boolean reshuffleEachIteration) {
    return new Shuffle(this, bufferSize, seed, reshuffleEachIteration);
  }

  /** Stacks consecutive elements into batches of {@code batchSize}; the last may be smaller. */
  public Dataset batch(int batchSize) {
    return batch(batchSize, false);
  }

  /** As {@link #batch(int)}, dropping a last smaller batch when {@code dropRemainder}. */
  public Dataset batch(int batchSize, boolean dropRemainder) {
    return new Batched(this, batchSize, dropRemainder);
  }

  /** Applies {@code fn} to every element, as {@code map(fn)}. */
  public Dataset map(Function<Element, Element> fn) {
    return new Mapped(this, fn);
  }

  /** Applies {@code fn(x, y)} to every element, as {@code map(lambda x, y: ...)}. */
  public Dataset map(BiFunction<Tensor, Tensor, Element> fn) {
    return new Mapped(this, e -> fn.apply(e.x(), e.y()));
  }

  /**
   * Prepares up to {@code bufferSize} elements ahead on a background thread, as {@code
   * prefetch(buffer_size)}, so that the pipeline above overlaps with training; {@link #AUTOTUNE}
   * means 2.
   */
  public Dataset prefetch(int bufferSize) {
    return new Prefetch(this, bufferSize == AUTOTUNE ? 2 : bufferSize);
  }

  /** The first {@code count} elements, as {@code take(count)}. */
  public Dataset take(long count) {
    return new Take(this, count);
  }

  // ---- iteration ------------------------------------------------------------------------------

  /** Number of elements, or {@link #UNKNOWN_CARDINALITY}, as {@code cardinality()}. */
  public abstract long cardinality();

  /** A new pass over the elements. */
  @Override
  public abstract Iterator<Element> iterator();
}
