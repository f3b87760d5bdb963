package jtorch.keras.data;

import java.util.Iterator;
import java.util.function.Function;

/** {@code map(fn)}: applies {@code fn} to each element as it is pulled. */
final class Mapped extends Dataset {
  private final Dataset input;
  private final Function<Element, Element> fn;

  Mapped(Dataset input, Function<Element, Element> fn) {
    this.input = input;
    this.fn = fn;
  }

  @Override
  public long cardinality() {
    return input.cardinality();
  }

  @Override
  public Iterator<Element> iterator() {
    Iterator<Element> in = input.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return in.hasNext();
      }

      @Override
      public Element next() {
        return fn.apply(in.next());
      }
    };
  }
}
