package jtorch;

import java.util.Arrays;

/**
 * The shape of a tensor, as {@code torch.Size}: an immutable sequence of sizes.
 *
 * <pre>{@code
 * Torch.zeros(3, 2).shape();         // [3, 2]
 * Torch.zeros(3, 2).shape().get(0);  // 3
 * }</pre>
 */
public final class Size {
  private final long[] dims;

  private Size(long[] dims) {
    this.dims = dims;
  }

  /** A size from its dimensions (copied). */
  public static Size of(long... dims) {
    return new Size(dims.clone());
  }

  /** Dimension {@code index}; negative indices count from the end. */
  public long get(int index) {
    return dims[index < 0 ? index + dims.length : index];
  }

  /** Number of dimensions, as {@code len(size)}. */
  public int size() {
    return dims.length;
  }

  /** Product of the sizes, as {@code Size.numel()}. */
  public long numel() {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  /** The sizes as a new array. */
  public long[] toArray() {
    return dims.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Size s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** Prints like {@code [3, 2]}. */
  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
