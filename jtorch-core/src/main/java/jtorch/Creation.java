package jtorch;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import jtorch.backend.Scalar;

/** Tensor creation: allocation, filling, and conversion from Java arrays of any rank. */
final class Creation {
  private Creation() {}

  static Tensor empty(long[] shape, DType dtype, Device device) {
    for (long s : shape) {
      if (s < 0) {
        throw new IllegalArgumentException(
            "Trying to create tensor with negative dimension " + s + ": " + Checks.shape(shape));
      }
    }
    long n = Shapes.numel(shape);
    UntypedStorage st = jtorch.backend.Dispatcher.of(device).allocate(n, dtype, device);
    return new Tensor(st, 0, shape.clone(), Shapes.contiguousStrides(shape), dtype);
  }

  static Tensor fromStorage(
      UntypedStorage storage, DType dtype, long offset, long[] shape, long[] stride) {
    if (shape.length != stride.length) {
      throw new IllegalArgumentException(
          "fromStorage: mismatch in length of strides and shape: "
              + Checks.shape(shape)
              + " and "
              + Checks.shape(stride));
    }
    long last = offset;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 0 || stride[i] < 0) {
        throw new IllegalArgumentException(
            "fromStorage: negative size or stride in "
                + Checks.shape(shape)
                + ", "
                + Checks.shape(stride));
      }
      if (shape[i] == 0) {
        last = -1;
        break;
      }
      last += (shape[i] - 1) * stride[i];
    }
    long needed = (last + 1) * dtype.itemSize();
    if (offset < 0 || needed > storage.nbytes()) {
      throw new IllegalArgumentException(
          "fromStorage: setStorage out of bounds for size "
              + Checks.shape(shape)
              + ", stride "
              + Checks.shape(stride)
              + " and offset "
              + offset
              + ": the view needs "
              + needed
              + " bytes but the storage has "
              + storage.nbytes());
    }
    return new Tensor(storage, offset, shape.clone(), stride.clone(), dtype);
  }

  static Tensor full(long[] shape, Scalar value, DType dtype, Device device) {
    Tensor t = empty(shape, dtype, device);
    if (value.value() != 0 || value.longValue() != 0) {
      t.backend().fill(t.strided(), value);
    }
    return t;
  }

  static Tensor fromDoubles(double[] v, long[] shape, DType dtype) {
    Tensor src =
        new Tensor(
            UntypedStorage.wrap(MemorySegment.ofArray(v), Device.CPU),
            0,
            shape,
            Shapes.contiguousStrides(shape),
            DType.FLOAT64);
    return convert(src, dtype);
  }

  /** A float32 tensor over {@code v} itself (not a copy). */
  static Tensor fromFloats(float[] v, long[] shape) {
    return new Tensor(
        UntypedStorage.wrap(MemorySegment.ofArray(v), Device.CPU),
        0,
        shape,
        Shapes.contiguousStrides(shape),
        DType.FLOAT32);
  }

  static Tensor fromLongs(long[] v, long[] shape, DType dtype) {
    Tensor src =
        new Tensor(
            UntypedStorage.wrap(MemorySegment.ofArray(v), Device.CPU),
            0,
            shape,
            Shapes.contiguousStrides(shape),
            DType.INT64);
    return convert(src, dtype);
  }

  private static Tensor convert(Tensor src, DType dtype) {
    if (src.dtype() == dtype) {
      return src;
    }
    Tensor out = empty(src.shapeArray(), dtype, Device.CPU);
    src.backend().copy(src.strided(), out.strided());
    return out;
  }

  static Tensor arange(double start, double end, double step, DType dtype) {
    if (step == 0) {
      throw new IllegalArgumentException("arange: step must be nonzero");
    }
    double span = (end - start) / step;
    if (span < 0 && Math.abs(span) > 0) {
      throw new IllegalArgumentException(
          "arange: upper bound and larger bound inconsistent with step sign (start="
              + start
              + ", end="
              + end
              + ", step="
              + step
              + ")");
    }
    long n = (long) Math.ceil(span);
    if (dtype.isFloatingPoint()) {
      double[] v = new double[Math.toIntExact(n)];
      for (int i = 0; i < v.length; i++) {
        v[i] = start + i * step;
      }
      return fromDoubles(v, new long[] {n}, dtype);
    }
    long[] v = new long[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = (long) (start + i * step);
    }
    return fromLongs(v, new long[] {n}, dtype);
  }

  /** A tensor from a Java array of any rank (or a boxed number), with its natural dtype. */
  static Tensor fromArray(Object data, DType requested) {
    if (data instanceof Tensor t) {
      return requested == null ? t.detach().clone() : t.detach().to(requested).clone();
    }
    if (data instanceof Number || data instanceof Boolean) {
      DType natural = naturalScalar(data);
      DType dtype = requested == null ? natural : requested;
      return data instanceof Boolean b
          ? fromLongs(new long[] {b ? 1 : 0}, new long[0], dtype)
          : natural.isFloatingPoint()
              ? fromDoubles(new double[] {((Number) data).doubleValue()}, new long[0], dtype)
              : fromLongs(new long[] {((Number) data).longValue()}, new long[0], dtype);
    }
    if (data == null || !data.getClass().isArray()) {
      throw new IllegalArgumentException(
          "tensor: expected a Java array (float[], double[][], long[], ...) or a number, got "
              + (data == null ? "null" : data.getClass().getSimpleName()));
    }
    List<Long> dims = new ArrayList<>();
    Object cur = data;
    Class<?> leaf = data.getClass();
    while (cur != null && cur.getClass().isArray()) {
      dims.add((long) Array.getLength(cur));
      leaf = cur.getClass().getComponentType();
      cur = Array.getLength(cur) > 0 ? Array.get(cur, 0) : null;
      if (!leaf.isArray()) {
        break;
      }
    }
    while (leaf.isArray()) {
      dims.add(0L);
      leaf = leaf.getComponentType();
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    DType natural = naturalArray(leaf);
    DType dtype = requested == null ? natural : requested;
    int n = Math.toIntExact(Shapes.numel(shape));
    if (natural.isFloatingPoint()) {
      double[] v = new double[n];
      flatten(data, shape, 0, v, null, new int[1]);
      return fromDoubles(v, shape, dtype);
    }
    long[] v = new long[n];
    flatten(data, shape, 0, null, v, new int[1]);
    return fromLongs(v, shape, dtype);
  }

  private static void flatten(Object a, long[] shape, int d, double[] dv, long[] lv, int[] pos) {
    int len = Array.getLength(a);
    if (len != shape[d]) {
      throw new IllegalArgumentException(
          "tensor: expected sequence of length "
              + shape[d]
              + " at dim "
              + d
              + " (got "
              + len
              + ")");
    }
    if (d == shape.length - 1) {
      for (int i = 0; i < len; i++) {
        Object x = Array.get(a, i);
        if (dv != null) {
          dv[pos[0]++] = ((Number) x).doubleValue();
        } else {
          lv[pos[0]++] = x instanceof Boolean b ? (b ? 1 : 0) : ((Number) x).longValue();
        }
      }
      return;
    }
    for (int i = 0; i < len; i++) {
      flatten(Array.get(a, i), shape, d + 1, dv, lv, pos);
    }
  }

  private static DType naturalScalar(Object x) {
    if (x instanceof Double || x instanceof Float) {
      return DType.FLOAT32;
    }
    return x instanceof Boolean ? DType.BOOL : DType.INT64;
  }

  private static DType naturalArray(Class<?> leaf) {
    if (leaf == float.class || leaf == Float.class) {
      return DType.FLOAT32;
    }
    if (leaf == double.class || leaf == Double.class) {
      return DType.FLOAT64;
    }
    if (leaf == long.class || leaf == Long.class) {
      return DType.INT64;
    }
    if (leaf == int.class || leaf == Integer.class) {
      return DType.INT32;
    }
    if (leaf == short.class || leaf == Short.class) {
      return DType.INT16;
    }
    if (leaf == byte.class || leaf == Byte.class) {
      return DType.INT8;
    }
    if (leaf == boolean.class || leaf == Boolean.class) {
      return DType.BOOL;
    }
    throw new IllegalArgumentException("tensor: unsupported element type " + leaf.getSimpleName());
  }
}
