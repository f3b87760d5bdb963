package jtorch.keras.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import jtorch.Tensor;

/**
 * {@code Dataset.from_tensor_slices}: row {@code i} of {@code x} with row {@code i} of {@code y}.
 */
final class TensorSlices extends Dataset {
  private final Tensor x;
  private final Tensor y;

  TensorSlices(Tensor x, Tensor y) {
    if (x.dim() == 0 || (y != null && (y.dim() == 0 || y.size(0) != x.size(0)))) {
      throw new IllegalArgumentException(
          "fromTensorSlices: all tensors need the same size in dimension 0, got x "
              + x.shape()
              + (y == null ? "" : " and y " + y.shape()));
    }
    this.x = x;
    this.y = y;
  }

  @Override
  public long cardinality() {
    return x.size(0);
  }

  @Override
  public Iterator<Element> iterator() {
    return new Iterator<>() {
      private long i;

      @Override
      public boolean hasNext() {
        return i < x.size(0);
      }

      @Override
      public Element next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        long k = i++;
        return new Element(x.get(k), y == null ? null : y.get(k));
      }
    };
  }
}
