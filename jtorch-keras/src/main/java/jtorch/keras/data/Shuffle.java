package jtorch.keras.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * {@code shuffle(buffer_size, seed, reshuffle_each_iteration)} with tf.data's buffer semantics: the
 * buffer is filled with the first {@code bufferSize} elements; each output is drawn uniformly from
 * the buffer and its slot refilled from the input until the input runs out.
 */
final class Shuffle extends Dataset {
  private final Dataset input;
  private final int bufferSize;
  private final long seed;
  private final boolean reshuffle;
  private long passes;

  Shuffle(Dataset input, int bufferSize, long seed, boolean reshuffle) {
    if (bufferSize <= 0) {
      throw new IllegalArgumentException(
          "shuffle: buffer_size must be greater than zero, got " + bufferSize);
    }
    this.input = input;
    this.bufferSize = bufferSize;
    this.seed = seed;
    this.reshuffle = reshuffle;
  }

  @Override
  public long cardinality() {
    return input.cardinality();
  }

  @Override
  public Iterator<Element> iterator() {
    long pass;
    synchronized (this) {
      pass = reshuffle ? passes++ : 0;
    }
    SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (pass + 1)));
    Iterator<Element> in = input.iterator();
    List<Element> buffer = new ArrayList<>(bufferSize);
    while (buffer.size() < bufferSize && in.hasNext()) {
      buffer.add(in.next());
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !buffer.isEmpty();
      }

      @Override
      public Element next() {
        if (buffer.isEmpty()) {
          throw new NoSuchElementException();
        }
        int k = random.nextInt(buffer.size());
        Element out = buffer.get(k);
        if (in.hasNext()) {
          buffer.set(k, in.next());
        } else {
          Element last = buffer.remove(buffer.size() - 1);
          if (k < buffer.size()) {
            buffer.set(k, last);
          }
        }
        return out;
      }
    };
  }
}
