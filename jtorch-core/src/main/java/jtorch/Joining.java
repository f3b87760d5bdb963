package jtorch;

import java.util.Arrays;

/** Joining ops: {@code cat} is the primitive, {@code stack} unsqueezes then concatenates. */
final class Joining {
  private Joining() {}

  static Tensor cat(Tensor[] tensors, int dim) {
    if (tensors.length == 0) {
      throw new IllegalArgumentException("cat: expected a non-empty list of Tensors");
    }
    Tensor first = tensors[0];
    int d = Checks.dim("cat", dim, first.dim());
    if (first.dim() == 0) {
      throw new IllegalArgumentException(
          "cat: zero-dimensional tensor (at position 0) cannot be concatenated; unsqueeze it first");
    }
    DType dtype = first.dtype();
    long total = 0;
    long[] sizes = new long[tensors.length];
    for (int i = 0; i < tensors.length; i++) {
      Tensor t = tensors[i];
      Checks.sameDevice("cat", first, t);
      dtype = DType.promoteTypes(dtype, t.dtype());
      if (t.dim() != first.dim()) {
        throw new IllegalArgumentException(
            "cat: Tensors must have same number of dimensions: got "
                + first.dim()
                + " and "
                + t.dim()
                + " (tensor at position "
                + i
                + ")");
      }
      for (int k = 0; k < t.dim(); k++) {
        if (k != d && t.shapeArray()[k] != first.shapeArray()[k]) {
          throw new IllegalArgumentException(
              "cat: Sizes of tensors must match except in dimension "
                  + d
                  + ". Expected size "
                  + first.shapeArray()[k]
                  + " but got size "
                  + t.shapeArray()[k]
                  + " for tensor number "
                  + i
                  + " in the list.");
        }
      }
      sizes[i] = t.shapeArray()[d];
      total += sizes[i];
    }
    long[] shape = first.shapeArray().clone();
    shape[d] = total;
    Tensor out = Torch.empty(shape, dtype, first.device());
    long start = 0;
    for (Tensor t : tensors) {
      long len = t.shapeArray()[d];
      Tensor part =
          new Tensor(
              out.untypedStorage(),
              start * out.strideArray()[d],
              t.shapeArray(),
              out.strideArray(),
              dtype);
      t.backend().copy(t.strided(), part.strided());
      start += len;
    }
    return Graph.record("CatBackward0", out, tensors, new Tensor[0], Derivatives.cat(d, sizes));
  }

  static Tensor stack(Tensor[] tensors, int dim) {
    if (tensors.length == 0) {
      throw new IllegalArgumentException("stack: expected a non-empty list of Tensors");
    }
    for (int i = 1; i < tensors.length; i++) {
      if (!tensors[i].shape().equals(tensors[0].shape())) {
        throw new IllegalArgumentException(
            "stack: expects each tensor to be equal size, but got "
                + tensors[0].shape()
                + " at entry 0 and "
                + tensors[i].shape()
                + " at entry "
                + i);
      }
    }
    int d = Checks.dim("stack", dim, tensors[0].dim() + 1);
    return cat(Arrays.stream(tensors).map(t -> t.unsqueeze(d)).toArray(Tensor[]::new), d);
  }
}
