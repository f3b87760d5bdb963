package jtorch.backend;

import jtorch.DType;
import jtorch.UntypedStorage;

/**
 * What a kernel sees of a tensor: storage, element offset, sizes, strides (in elements) and dtype.
 * No autograd state reaches a kernel.
 *
 * @param storage the bytes
 * @param offset first element, in elements from the start of the storage
 * @param shape sizes per dimension
 * @param stride elements to step per dimension; 0 for broadcast dimensions
 * @param dtype element type
 */
public record Strided(
    UntypedStorage storage, long offset, long[] shape, long[] stride, DType dtype) {

  /** A row-major view of {@code storage} from its first element. */
  public static Strided rowMajor(UntypedStorage storage, long[] shape, DType dtype) {
    long[] stride = new long[shape.length];
    long step = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      stride[d] = step;
      step *= shape[d];
    }
    return new Strided(storage, 0, shape, stride, dtype);
  }

  /** Number of elements. */
  public long numel() {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  /** Number of dimensions. */
  public int dim() {
    return shape.length;
  }

  /** True when the elements are laid out row-major without gaps. */
  public boolean isContiguous() {
    if (numel() == 0) {
      return true;
    }
    long expected = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] != 1 && stride[d] != expected) {
        return false;
      }
      expected *= shape[d];
    }
    return true;
  }
}
