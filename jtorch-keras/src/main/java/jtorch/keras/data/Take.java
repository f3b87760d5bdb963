package jtorch.keras.data;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** {@code take(count)}: the first {@code count} elements. */
final class Take extends Dataset {
  private final Dataset input;
  private final long count;

  Take(Dataset input, long count) {
    if (count < 0) {
      throw new IllegalArgumentException("take: count must be >= 0, got " + count);
    }
    this.input = input;
    this.count = count;
  }

  @Override
  public long cardinality() {
    long n = input.cardinality();
    return n < 0 ? n : Math.min(n, count);
  }

  @Override
  public Iterator<Element> iterator() {
    Iterator<Element> in = input.iterator();
    return new Iterator<>() {
      private long taken;

      @Override
      public boolean hasNext() {
        return taken < count && in.hasNext();
      }

      @Override
      public Element next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        taken++;
        return in.next();
      }
    };
  }
}
