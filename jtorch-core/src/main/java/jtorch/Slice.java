package jtorch;

/**
 * A {@code start:stop:step} range for {@link Tensor#index}, as {@code torch::indexing::Slice} in
 * PyTorch's C++ API. Null bounds mean "from the beginning" and "to the end"; negative bounds count
 * from the end.
 *
 * <pre>{@code
 * Tensor x = Torch.arange(10);
 * x.index(Slice.of(1, 8, 3));          // tensor([1, 4, 7])
 * x.index(Slice.from(-2));             // tensor([8, 9])
 * m.index(Slice.all(), 0);             // first column of a matrix
 * }</pre>
 *
 * @param start first index, or null
 * @param stop end index (exclusive), or null
 * @param step stride, positive
 */
public record Slice(Long start, Long stop, long step) {

  /** Marks a new axis of size 1 in {@link Tensor#index}, as {@code None}. */
  public static final Object NONE = new Object();

  /** Stands for as many full slices as needed in {@link Tensor#index}, as {@code ...}. */
  public static final Object ELLIPSIS = new Object();

  /** Checks the step. */
  public Slice {
    if (step <= 0) {
      throw new IllegalArgumentException("Slice: step must be greater than zero, got " + step);
    }
  }

  /** {@code start:stop}. */
  public static Slice of(long start, long stop) {
    return new Slice(start, stop, 1);
  }

  /** {@code start:stop:step}. */
  public static Slice of(long start, long stop, long step) {
    return new Slice(start, stop, step);
  }

  /** {@code start:}. */
  public static Slice from(long start) {
    return new Slice(start, null, 1);
  }

  /** {@code :stop}. */
  public static Slice to(long stop) {
    return new Slice(null, stop, 1);
  }

  /** {@code :}. */
  public static Slice all() {
    return new Slice(null, null, 1);
  }

  @Override
  public String toString() {
    return (start == null ? "" : start)
        + ":"
        + (stop == null ? "" : stop)
        + (step == 1 ? "" : ":" + step);
  }
}
