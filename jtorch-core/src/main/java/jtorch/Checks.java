package jtorch;

import java.util.Arrays;

/**
 * The single place error messages are built, in one style: the op, what was expected, what came,
 * and the likely fix.
 */
final class Checks {
  private Checks() {}

  static String shape(long[] s) {
    return Arrays.toString(s);
  }

  /** Normalises a possibly negative dimension, or fails as PyTorch does. */
  static int dim(String op, int dim, int rank) {
    int r = Math.max(rank, 1);
    if (dim < -r || dim >= r) {
      throw new IndexOutOfBoundsException(
          op
              + ": Dimension out of range (expected to be in range of ["
              + -r
              + ", "
              + (r - 1)
              + "], but got "
              + dim
              + ")");
    }
    return dim < 0 ? dim + r : dim;
  }

  /** Normalises an index into a dimension of {@code size} elements. */
  static long index(String op, long index, long size, int dim) {
    if (index < -size || index >= size) {
      throw new IndexOutOfBoundsException(
          op
              + ": index "
              + index
              + " is out of bounds for dimension "
              + dim
              + " with size "
              + size);
    }
    return index < 0 ? index + size : index;
  }

  static void sameDevice(String op, Tensor a, Tensor b) {
    if (!a.device().equals(b.device())) {
      throw new IllegalArgumentException(
          op
              + ": Expected all tensors to be on the same device, but found at least two devices, "
              + a.device()
              + " and "
              + b.device()
              + ". Move them with .to(device) first.");
    }
  }

  /** The broadcast shape of two shapes, or PyTorch's message naming the clashing dimension. */
  static long[] broadcast(String op, long[] a, long[] b) {
    int n = Math.max(a.length, b.length);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      int ia = a.length - n + i;
      int ib = b.length - n + i;
      long da = ia >= 0 ? a[ia] : 1;
      long db = ib >= 0 ? b[ib] : 1;
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            op
                + ": The size of tensor a ("
                + da
                + ") must match the size of tensor b ("
                + db
                + ") at non-singleton dimension "
                + i
                + "; shapes "
                + shape(a)
                + " and "
                + shape(b)
                + " cannot be broadcast. Reshape or unsqueeze one operand so that each"
                + " dimension is equal or 1.");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }
}
