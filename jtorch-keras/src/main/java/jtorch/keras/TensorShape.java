package jtorch.keras;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import jtorch.Tensor;

/**
 * A shape whose dimensions may be unknown ({@code None}), as TensorFlow's {@code tf.TensorShape}.
 * Layers receive their input shape as one of these, with the batch dimension unknown.
 *
 * <pre>{@code
 * Keras.shape(Keras.constant(new double[][] {{1, 2}, {3, 4}, {5, 6}}));   // TensorShape([3, 2])
 * TensorShape.of(28, 28, 1).withBatch();                                // TensorShape([None, 28, 28, 1])
 * TensorShape.of(28, 28, 1).withBatch().toTupleString();                // (None, 28, 28, 1)
 * }</pre>
 *
 * <p>See <a href="https://www.tensorflow.org/api_docs/python/tf/TensorShape">tf.TensorShape</a>.
 */
public final class TensorShape {
  /** The value {@link #get} returns for an unknown dimension ({@code None}). */
  public static final long UNKNOWN = -1;

  private final long[] dims;

  private TensorShape(long[] dims) {
    for (long d : dims) {
      if (d < UNKNOWN) {
        throw new IllegalArgumentException(
            "TensorShape: dimensions must be >= 0 (or UNKNOWN), got " + Arrays.toString(dims));
      }
    }
    this.dims = dims;
  }

  /** A shape with these dimensions; {@link #UNKNOWN} (-1) stands for {@code None}. */
  public static TensorShape of(long... dims) {
    return new TensorShape(dims.clone());
  }

  /** The shape of {@code t}, all dimensions known. */
  public static TensorShape of(Tensor t) {
    return new TensorShape(t.shape().toArray());
  }

  /** The shape of {@code t} with its first (batch) dimension replaced by {@code None}. */
  public static TensorShape ofBatch(Tensor t) {
    long[] d = t.shape().toArray();
    if (d.length > 0) {
      d[0] = UNKNOWN;
    }
    return new TensorShape(d);
  }

  /**
   * This shape with an unknown batch dimension in front: {@code (28, 28, 1)} to {@code (None, 28,
   * 28, 1)}.
   */
  public TensorShape withBatch() {
    long[] d = new long[dims.length + 1];
    d[0] = UNKNOWN;
    System.arraycopy(dims, 0, d, 1, dims.length);
    return new TensorShape(d);
  }

  /** This shape without its first dimension. */
  public TensorShape withoutBatch() {
    if (dims.length == 0) {
      throw new IllegalStateException("TensorShape: a scalar shape has no batch dimension");
    }
    return new TensorShape(Arrays.copyOfRange(dims, 1, dims.length));
  }

  /** Number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** Dimension {@code i} (negative counts from the end), or {@link #UNKNOWN}. */
  public long get(int i) {
    int k = i < 0 ? i + dims.length : i;
    if (k < 0 || k >= dims.length) {
      throw new IndexOutOfBoundsException(
          "TensorShape: index " + i + " out of range for rank " + dims.length);
    }
    return dims[k];
  }

  /** True when no dimension is {@code None}. */
  public boolean isFullyDefined() {
    return Arrays.stream(dims).allMatch(d -> d != UNKNOWN);
  }

  /** Product of the known dimensions after the first (the features per example). */
  public long featureCount() {
    long n = 1;
    for (int i = 1; i < dims.length; i++) {
      n *= dims[i] == UNKNOWN ? 1 : dims[i];
    }
    return n;
  }

  /** The dimensions, with {@link #UNKNOWN} for {@code None}. */
  public long[] toArray() {
    return dims.clone();
  }

  /** The dimensions as a list with null for {@code None}, as {@code as_list()}. */
  public List<Long> asList() {
    List<Long> out = new ArrayList<>();
    for (long d : dims) {
      out.add(d == UNKNOWN ? null : d);
    }
    return Collections.unmodifiableList(out);
  }

  /** As a Python tuple, the form Keras's {@code summary()} prints: {@code (None, 26, 26, 16)}. */
  public String toTupleString() {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < dims.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(dims[i] == UNKNOWN ? "None" : Long.toString(dims[i]));
    }
    return sb.append(dims.length == 1 ? ",)" : ")").toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorShape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** Prints as TensorFlow does: {@code TensorShape([None, 26, 26, 16])}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("TensorShape([");
    for (int i = 0; i < dims.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(dims[i] == UNKNOWN ? "None" : Long.toString(dims[i]));
    }
    return sb.append("])").toString();
  }
}
