package jtorch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Movement ops: new sizes and strides over the same storage, each with its backward rule. */
final class Views {
  private Views() {}

  static Tensor make(Tensor src, long offset, long[] shape, long[] stride) {
    Tensor t = new Tensor(src.untypedStorage(), offset, shape, stride, src.dtype());
    t.setBase(src);
    return t;
  }

  static Tensor alias(Tensor t) {
    Tensor out = make(t, t.storageOffset(), t.shapeArray(), t.strideArray());
    return Graph.record(
        "AliasBackward0", out, new Tensor[] {t}, new Tensor[0], Derivatives.identity());
  }

  static Tensor select(Tensor t, int dim, long index) {
    if (t.dim() == 0) {
      throw new IndexOutOfBoundsException(
          "select: invalid index of a 0-dim tensor. Use item() to read its value");
    }
    int d = Checks.dim("select", dim, t.dim());
    long i = Checks.index("select", index, t.shapeArray()[d], d);
    long[] shape = remove(t.shapeArray(), d);
    long[] stride = remove(t.strideArray(), d);
    Tensor out = make(t, t.storageOffset() + i * t.strideArray()[d], shape, stride);
    return Graph.record(
        "SelectBackward0",
        out,
        new Tensor[] {t},
        new Tensor[0],
        Derivatives.viewOf(g -> g.select(d, i)));
  }

  static Tensor slice(Tensor t, int dim, long start, long stop, long step) {
    if (step <= 0) {
      throw new IllegalArgumentException("slice: step must be greater than zero, got " + step);
    }
    int d = Checks.dim("slice", dim, t.dim());
    long size = t.shapeArray()[d];
    long s = clampBound(start, size);
    long e = Math.max(s, clampBound(stop, size));
    long len = (e - s + step - 1) / step;
    long[] shape = t.shapeArray().clone();
    long[] stride = t.strideArray().clone();
    shape[d] = len;
    stride[d] *= step;
    Tensor out = make(t, t.storageOffset() + s * t.strideArray()[d], shape, stride);
    return Graph.record(
        "SliceBackward0",
        out,
        new Tensor[] {t},
        new Tensor[0],
        Derivatives.viewOf(g -> g.slice(d, s, e, step)));
  }

  private static long clampBound(long b, long size) {
    if (b < 0) {
      b += size;
    }
    return Math.min(Math.max(b, 0), size);
  }

  static Tensor index(Tensor t, Object... indices) {
    int consumed = 0;
    for (Object o : indices) {
      if (o != Slice.NONE && o != Slice.ELLIPSIS) {
        consumed++;
      }
    }
    if (consumed > t.dim()) {
      throw new IndexOutOfBoundsException(
          "index: too many indices for tensor of dimension " + t.dim() + " (got " + consumed + ")");
    }
    Tensor r = t;
    int dim = 0;
    for (Object o : indices) {
      if (o instanceof Integer || o instanceof Long) {
        r = r.select(dim, ((Number) o).longValue());
      } else if (o instanceof Slice s) {
        long size = r.shapeArray()[dim];
        r =
            r.slice(
                dim,
                s.start() == null ? 0 : s.start(),
                s.stop() == null ? size : s.stop(),
                s.step());
        dim++;
      } else if (o == Slice.NONE) {
        r = r.unsqueeze(dim);
        dim++;
      } else if (o == Slice.ELLIPSIS) {
        dim += t.dim() - consumed;
      } else {
        throw new IllegalArgumentException(
            "index: unsupported index "
                + o
                + "; use integers, Slice, Slice.NONE or Slice.ELLIPSIS");
      }
    }
    return r;
  }

  /** Sizes for a new shape, resolving one -1, or PyTorch's error. */
  static long[] inferShape(String op, long[] shape, long numel) {
    long[] out = shape.clone();
    int infer = -1;
    long known = 1;
    for (int i = 0; i < out.length; i++) {
      if (out[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException(op + ": only one dimension can be inferred");
        }
        infer = i;
      } else if (out[i] < 0) {
        throw new IllegalArgumentException(op + ": invalid shape dimension " + out[i]);
      } else {
        known *= out[i];
      }
    }
    if (infer >= 0 && known != 0 && numel % known == 0) {
      out[infer] = numel / known;
    } else if (known != numel || infer >= 0) {
      throw new IllegalArgumentException(
          op + ": shape '" + Arrays.toString(shape) + "' is invalid for input of size " + numel);
    }
    return out;
  }

  /** Strides giving {@code newShape} over {@code t}'s memory without copying, or null. */
  static long[] viewStrides(long[] oldShape, long[] oldStride, long[] newShape) {
    long numel = 1;
    for (long s : oldShape) {
      numel *= s;
    }
    long[] newStride = new long[newShape.length];
    if (numel == 0 || oldShape.length == 0) {
      return Shapes.contiguousStrides(newShape);
    }
    int viewD = newShape.length - 1;
    long chunkBase = oldStride.length == 0 ? 1 : oldStride[oldStride.length - 1];
    long tensorNumel = 1;
    long viewNumel = 1;
    for (int d = oldShape.length - 1; d >= 0; d--) {
      tensorNumel *= oldShape[d];
      if (d == 0 || (oldShape[d - 1] != 1 && oldStride[d - 1] != tensorNumel * chunkBase)) {
        while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
          newStride[viewD] = viewNumel * chunkBase;
          viewNumel *= newShape[viewD];
          viewD--;
        }
        if (viewNumel != tensorNumel) {
          return null;
        }
        if (d > 0) {
          chunkBase = oldStride[d - 1];
          tensorNumel = 1;
          viewNumel = 1;
        }
      }
    }
    if (viewD != -1) {
      return null;
    }
    return newStride;
  }

  static Tensor view(Tensor t, long[] shape) {
    long[] s = inferShape("view", shape, t.numel());
    long[] st = viewStrides(t.shapeArray(), t.strideArray(), s);
    if (st == null) {
      throw new IllegalStateException(
          "view: view size "
              + Arrays.toString(s)
              + " is not compatible with input tensor's size "
              + Arrays.toString(t.shapeArray())
              + " and stride "
              + Arrays.toString(t.strideArray())
              + " (at least one dimension spans across two contiguous subspaces). Use"
              + " .reshape(...) instead.");
    }
    return viewWith(t, s, st);
  }

  private static Tensor viewWith(Tensor t, long[] s, long[] st) {
    Tensor out = make(t, t.storageOffset(), s, st);
    long[] in = t.shapeArray();
    return Graph.record(
        "ViewBackward0", out, new Tensor[] {t}, new Tensor[0], Derivatives.reshapeTo(in));
  }

  static Tensor reshape(Tensor t, long[] shape) {
    long[] s = inferShape("reshape", shape, t.numel());
    long[] st = viewStrides(t.shapeArray(), t.strideArray(), s);
    if (st != null) {
      return viewWith(t, s, st);
    }
    return view(Conversions.clone(t), s);
  }

  static Tensor transpose(Tensor t, int dim0, int dim1) {
    int n = t.dim();
    int[] perm = new int[Math.max(n, 0)];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    if (n == 0) {
      Checks.dim("transpose", dim0, 0);
      Checks.dim("transpose", dim1, 0);
      return alias(t);
    }
    int a = Checks.dim("transpose", dim0, n);
    int b = Checks.dim("transpose", dim1, n);
    perm[a] = b;
    perm[b] = a;
    return permute(t, perm);
  }

  static Tensor permute(Tensor t, int[] dims) {
    int n = t.dim();
    if (dims.length != n) {
      throw new IllegalArgumentException(
          "permute: number of dims don't match in permute: input has "
              + n
              + " dims but "
              + dims.length
              + " were given "
              + Arrays.toString(dims));
    }
    long[] shape = new long[n];
    long[] stride = new long[n];
    int[] inverse = new int[n];
    boolean[] seen = new boolean[n];
    for (int i = 0; i < n; i++) {
      int d = Checks.dim("permute", dims[i], n);
      if (seen[d]) {
        throw new IllegalArgumentException(
            "permute: repeated dim " + d + " in " + Arrays.toString(dims));
      }
      seen[d] = true;
      shape[i] = t.shapeArray()[d];
      stride[i] = t.strideArray()[d];
      inverse[d] = i;
    }
    Tensor out = make(t, t.storageOffset(), shape, stride);
    return Graph.record(
        "PermuteBackward0",
        out,
        new Tensor[] {t},
        new Tensor[0],
        (g, s, in) -> new Tensor[] {g.permute(inverse)});
  }

  static Tensor expand(Tensor t, long[] sizes) {
    int n = sizes.length;
    int k = t.dim();
    if (n < k) {
      throw new IllegalArgumentException(
          "expand: the number of sizes provided ("
              + n
              + ") must be greater or equal to the number of dimensions in the tensor ("
              + k
              + ")");
    }
    long[] shape = new long[n];
    long[] stride = new long[n];
    for (int i = n - 1; i >= 0; i--) {
      int j = i - (n - k);
      long size = j >= 0 ? t.shapeArray()[j] : 1;
      long target = sizes[i];
      if (target == -1) {
        if (j < 0) {
          throw new IllegalArgumentException(
              "expand: -1 not allowed in a leading, non-existing dimension " + i);
        }
        target = size;
      }
      if (size == target) {
        shape[i] = size;
        stride[i] = j >= 0 ? t.strideArray()[j] : 0;
      } else if (size == 1) {
        shape[i] = target;
        stride[i] = 0;
      } else {
        throw new IllegalArgumentException(
            "expand: The expanded size of the tensor ("
                + target
                + ") must match the existing size ("
                + size
                + ") at non-singleton dimension "
                + i
                + ".  Target sizes: "
                + Arrays.toString(sizes)
                + ".  Tensor sizes: "
                + Arrays.toString(t.shapeArray()));
      }
    }
    Tensor out = make(t, t.storageOffset(), shape, stride);
    return Graph.record(
        "ExpandBackward0",
        out,
        new Tensor[] {t},
        new Tensor[0],
        (g, s, in) -> new Tensor[] {Derivatives.sumTo(g, in[0])});
  }

  static Tensor squeeze(Tensor t, Integer dim) {
    List<Long> shape = new ArrayList<>();
    List<Long> stride = new ArrayList<>();
    int d = dim == null ? -1 : Checks.dim("squeeze", dim, t.dim());
    for (int i = 0; i < t.dim(); i++) {
      boolean drop = t.shapeArray()[i] == 1 && (dim == null || i == d);
      if (!drop) {
        shape.add(t.shapeArray()[i]);
        stride.add(t.strideArray()[i]);
      }
    }
    return viewWith(t, toArray(shape), toArray(stride));
  }

  static Tensor unsqueeze(Tensor t, int dim) {
    int d = Checks.dim("unsqueeze", dim, t.dim() + 1);
    long[] shape = new long[t.dim() + 1];
    long[] stride = new long[t.dim() + 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (i == d) {
        shape[i] = 1;
        stride[i] = j < t.dim() ? t.strideArray()[j] * t.shapeArray()[j] : 1;
      } else {
        shape[i] = t.shapeArray()[j];
        stride[i] = t.strideArray()[j];
        j++;
      }
    }
    return viewWith(t, shape, stride);
  }

  static Tensor flatten(Tensor t, int startDim, int endDim) {
    if (t.dim() == 0) {
      return t.reshape(1);
    }
    int s = Checks.dim("flatten", startDim, t.dim());
    int e = Checks.dim("flatten", endDim, t.dim());
    if (s > e) {
      throw new IllegalArgumentException(
          "flatten() has invalid args: start_dim cannot come after end_dim");
    }
    long[] shape = new long[t.dim() - (e - s)];
    int k = 0;
    for (int i = 0; i < t.dim(); i++) {
      if (i > s && i <= e) {
        shape[k - 1] *= t.shapeArray()[i];
      } else {
        shape[k++] = t.shapeArray()[i];
      }
    }
    return t.reshape(shape);
  }

  private static long[] remove(long[] a, int i) {
    long[] out = new long[a.length - 1];
    System.arraycopy(a, 0, out, 0, i);
    System.arraycopy(a, i + 1, out, i, a.length - i - 1);
    return out;
  }

  private static long[] toArray(List<Long> l) {
    long[] out = new long[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = l.get(i);
    }
    return out;
  }
}
