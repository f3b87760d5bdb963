package jtorch;

import java.util.Arrays;
import jtorch.backend.ReduceOp;

/** Reductions: sum, mean, max and min, over all elements or chosen dimensions. */
final class Reductions {
  private Reductions() {}

  /** Sorted, non-negative, distinct dimensions; null means all. */
  private static int[] normalize(String op, Tensor t, int[] dims) {
    if (dims == null) {
      int[] all = new int[t.dim()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] out = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      out[i] = Checks.dim(op, dims[i], t.dim());
    }
    Arrays.sort(out);
    for (int i = 1; i < out.length; i++) {
      if (out[i] == out[i - 1]) {
        throw new IllegalArgumentException(
            op + ": dim " + out[i] + " appears multiple times in the list of dims");
      }
    }
    return out;
  }

  static Tensor sum(Tensor t, int[] dims, boolean keepdim) {
    int[] ds = normalize("sum", t, dims);
    DType outType = t.dtype().isFloatingPoint() ? t.dtype() : DType.INT64;
    Tensor r = reduceRaw(t, ds, outType);
    if (!keepdim) {
      r = dropDims(r, ds);
    }
    return Graph.record(
        "SumBackward" + (dims == null ? "0" : "1"),
        r,
        new Tensor[] {t},
        new Tensor[0],
        Derivatives.sum(ds, keepdim));
  }

  static Tensor mean(Tensor t, int[] dims, boolean keepdim) {
    if (!t.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "mean(): could not infer output dtype. Input dtype must be either a floating point or"
              + " complex dtype. Got: "
              + t.dtype()
              + ". Convert first, e.g. x.to(DType.FLOAT32).mean()");
    }
    int[] ds = normalize("mean", t, dims);
    long count = 1;
    for (int d : ds) {
      count *= t.shapeArray()[d];
    }
    return sum(t, dims, keepdim).div((double) count);
  }

  /** Reduces over {@code dims} keeping them as size 1, without recording. */
  private static Tensor reduceRaw(Tensor t, int[] dims, DType outType) {
    if (dims.length == t.dim() && t.dim() > 0 && t.isContiguous()) {
      Tensor flat =
          new Tensor(
              t.untypedStorage(),
              t.storageOffset(),
              new long[] {t.numel()},
              new long[] {1},
              t.dtype());
      Tensor out = Torch.empty(new long[] {1}, outType, t.device());
      t.backend().reduce(ReduceOp.SUM, flat.strided(), 0, out.strided(), null);
      long[] ones = new long[t.dim()];
      Arrays.fill(ones, 1);
      return out.detach().view(ones);
    }
    Tensor cur = t;
    if (dims.length == 0) {
      Tensor out = Torch.empty(t.shapeArray(), outType, t.device());
      t.backend().copy(t.strided(), out.strided());
      return out;
    }
    for (int i = dims.length - 1; i >= 0; i--) {
      long[] shape = cur.shapeArray().clone();
      shape[dims[i]] = 1;
      Tensor out = Torch.empty(shape, outType, t.device());
      t.backend().reduce(ReduceOp.SUM, cur.strided(), dims[i], out.strided(), null);
      cur = out;
    }
    return cur;
  }

  private static Tensor dropDims(Tensor r, int[] dims) {
    long[] shape = new long[r.dim() - dims.length];
    int k = 0;
    for (int i = 0, j = 0; i < r.dim(); i++) {
      if (j < dims.length && dims[j] == i) {
        j++;
      } else {
        shape[k++] = r.shapeArray()[i];
      }
    }
    return new Tensor(
        r.untypedStorage(), r.storageOffset(), shape, Shapes.contiguousStrides(shape), r.dtype());
  }

  static ValuesIndices extreme(Tensor t, int dim, boolean keepdim, boolean max) {
    String op = max ? "max" : "min";
    int d = Checks.dim(op, dim, t.dim());
    if (t.dim() > 0 && t.shapeArray()[d] == 0) {
      throw new IllegalArgumentException(
          op + "(): Expected reduction dim " + d + " to have non-zero size.");
    }
    Tensor src = t.dim() == 0 ? t.detach().view(1) : t;
    long[] shape = src.shapeArray().clone();
    shape[d] = 1;
    Tensor values = Torch.empty(shape, t.dtype(), t.device());
    Tensor indices = Torch.empty(shape, DType.INT64, t.device());
    t.backend()
        .reduce(
            max ? ReduceOp.MAX : ReduceOp.MIN,
            src.strided(),
            d,
            values.strided(),
            indices.strided());
    Tensor savedIdx = indices;
    if (!keepdim || t.dim() == 0) {
      values = dropDims(values, new int[] {d});
      indices = dropDims(indices, new int[] {d});
    }
    if (t.dim() == 0) {
      values = values.view();
      indices = indices.view();
    }
    Graph.record(
        max ? "MaxBackward0" : "MinBackward0",
        values,
        new Tensor[] {t},
        new Tensor[] {savedIdx},
        t.dim() == 0 ? Derivatives.identity() : Derivatives.select(d, keepdim));
    return new ValuesIndices(values, indices);
  }

  static Tensor extreme(Tensor t, boolean max) {
    String op = max ? "max" : "min";
    if (t.numel() == 0) {
      throw new IllegalArgumentException(
          op
              + "(): Expected reduction dim to be specified for input.numel() == 0. Specify the"
              + " reduction dim with the 'dim' argument.");
    }
    Tensor flat;
    try (var guard = jtorch.autograd.GradMode.noGrad()) {
      flat = t.reshape(-1);
    }
    Tensor values = Torch.empty(new long[] {1}, t.dtype(), t.device());
    t.backend()
        .reduce(max ? ReduceOp.MAX : ReduceOp.MIN, flat.strided(), 0, values.strided(), null);
    Tensor out = values.view();
    return Graph.record(
        max ? "MaxBackward1" : "MinBackward1",
        out,
        new Tensor[] {t},
        new Tensor[] {t, out},
        Derivatives.evenlyDistribute());
  }
}
