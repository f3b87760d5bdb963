package jtorch.keras.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import jtorch.Tensor;
import jtorch.Torch;

/** {@code batch(batch_size, drop_remainder)}: stacks consecutive elements along a new axis 0. */
final class Batched extends Dataset {
  private final Dataset input;
  private final int batchSize;
  private final boolean dropRemainder;

  Batched(Dataset input, int batchSize, boolean dropRemainder) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException(
          "batch: batch_size must be greater than zero, got " + batchSize);
    }
    this.input = input;
    this.batchSize = batchSize;
    this.dropRemainder = dropRemainder;
  }

  @Override
  public long cardinality() {
    long n = input.cardinality();
    if (n < 0) {
      return n;
    }
    return dropRemainder ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  @Override
  public Iterator<Element> iterator() {
    Iterator<Element> in = input.iterator();
    return new Iterator<>() {
      private Element next = advance();

      private Element advance() {
        List<Element> items = new ArrayList<>(batchSize);
        while (items.size() < batchSize && in.hasNext()) {
          items.add(in.next());
        }
        if (items.isEmpty() || (dropRemainder && items.size() < batchSize)) {
          return null;
        }
        Tensor[] xs = new Tensor[items.size()];
        Tensor[] ys = new Tensor[items.size()];
        boolean labelled = items.get(0).y() != null;
        for (int i = 0; i < xs.length; i++) {
          xs[i] = items.get(i).x();
          ys[i] = items.get(i).y();
          if ((ys[i] != null) != labelled) {
            throw new IllegalStateException("batch: some elements have labels and some do not");
          }
        }
        return new Element(Torch.stack(xs, 0), labelled ? Torch.stack(ys, 0) : null);
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public Element next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        Element out = next;
        next = advance();
        return out;
      }
    };
  }
}
