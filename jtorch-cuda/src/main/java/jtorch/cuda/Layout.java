package jtorch.cuda;

import java.util.Arrays;

/**
 * The iteration space of an elementwise kernel over several operands that share a shape: sizes and
 * per-operand strides with size-1 dimensions dropped and neighbours merged wherever every operand
 * steps through them as through one (so contiguous tensors become one dimension). The kernels take
 * at most {@link #MAX_DIMS} dimensions.
 *
 * <pre>{@code
 * Layout l = Layout.of(new long[] {2, 3, 4}, new long[] {12, 4, 1}, new long[] {0, 4, 1});
 * l.size();      // [2, 12]
 * l.strides();   // [[12, 1], [0, 1]]
 * }</pre>
 *
 * @param numel the number of elements
 * @param size sizes of the merged dimensions (at least one)
 * @param strides per operand, its strides over {@code size}
 */
record Layout(long numel, long[] size, long[][] strides) {
  /** The most dimensions a kernel takes (JT_MAX_DIMS in common.cuh). */
  static final int MAX_DIMS = 8;

  /** Merges the dimensions of {@code shape} as far as all {@code operandStrides} allow. */
  static Layout of(long[] shape, long[]... operandStrides) {
    int ops = operandStrides.length;
    long numel = 1;
    for (long s : shape) {
      numel *= s;
    }
    long[] size = new long[shape.length];
    long[][] st = new long[ops][shape.length];
    int n = 0;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] == 1) {
        continue;
      }
      if (n > 0 && mergeable(st, n - 1, operandStrides, d, shape[d])) {
        size[n - 1] *= shape[d];
        for (int o = 0; o < ops; o++) {
          st[o][n - 1] = operandStrides[o][d];
        }
        continue;
      }
      size[n] = shape[d];
      for (int o = 0; o < ops; o++) {
        st[o][n] = operandStrides[o][d];
      }
      n++;
    }
    if (n == 0) {
      return new Layout(numel, new long[] {1}, new long[ops][1]);
    }
    if (n > MAX_DIMS) {
      throw new IllegalArgumentException(
          "cuda: elementwise kernels take at most "
              + MAX_DIMS
              + " dimensions after merging, got "
              + n
              + " for shape "
              + Arrays.toString(shape)
              + "; call contiguous() on the operands first");
    }
    long[][] outStrides = new long[ops][];
    for (int o = 0; o < ops; o++) {
      outStrides[o] = Arrays.copyOf(st[o], n);
    }
    return new Layout(numel, Arrays.copyOf(size, n), outStrides);
  }

  /** Can dimension {@code d} (of size {@code len}) fold into the merged dimension {@code m}? */
  private static boolean mergeable(long[][] merged, int m, long[][] strides, int d, long len) {
    for (int o = 0; o < strides.length; o++) {
      if (merged[o][m] != strides[o][d] * len) {
        return false;
      }
    }
    return true;
  }

  /** The number of merged dimensions. */
  int dims() {
    return size.length;
  }
}
