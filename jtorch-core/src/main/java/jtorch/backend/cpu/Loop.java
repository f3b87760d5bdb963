package jtorch.backend.cpu;

import java.util.Arrays;
import jtorch.backend.Strided;

/**
 * Walks several operands of one shape row by row. Dimensions are first coalesced (merged where
 * every operand's strides allow, size-1 dimensions dropped), so a contiguous tensor is one row and
 * kernels see long inner loops with fixed strides. Rows are split over threads when large.
 */
final class Loop {
  /** One row: the element offset of each operand at its start and the row length. */
  @FunctionalInterface
  interface Row {
    void run(long[] offsets, long n);
  }

  private final long[] shape;
  private final long[][] strides;
  private final long[] base;

  private Loop(long[] shape, long[][] strides, long[] base) {
    this.shape = shape;
    this.strides = strides;
    this.base = base;
  }

  /** Plans a walk over operands that all have {@code ops[0]}'s shape. */
  static Loop of(Strided... ops) {
    long[] shape = ops[0].shape();
    int k = ops.length;
    long[] base = new long[k];
    for (int j = 0; j < k; j++) {
      base[j] = ops[j].offset();
    }
    int[] dims = new int[shape.length];
    int n = 0;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] != 1) {
        dims[n++] = d;
      }
    }
    long[] outShape = new long[Math.max(n, 1)];
    long[][] outStrides = new long[k][Math.max(n, 1)];
    outShape[0] = 1;
    int m = 0;
    for (int i = 0; i < n; i++) {
      int d = dims[i];
      if (m > 0 && canMerge(ops, outStrides, m - 1, d)) {
        outShape[m - 1] *= shape[d];
        for (int j = 0; j < k; j++) {
          outStrides[j][m - 1] = ops[j].stride()[d];
        }
      } else {
        outShape[m] = shape[d];
        for (int j = 0; j < k; j++) {
          outStrides[j][m] = ops[j].stride()[d];
        }
        m++;
      }
    }
    m = Math.max(m, 1);
    long[][] trimmed = new long[k][];
    for (int j = 0; j < k; j++) {
      trimmed[j] = Arrays.copyOf(outStrides[j], m);
    }
    return new Loop(Arrays.copyOf(outShape, m), trimmed, base);
  }

  private static boolean canMerge(Strided[] ops, long[][] outStrides, int prev, int d) {
    for (int j = 0; j < ops.length; j++) {
      if (outStrides[j][prev] != ops[j].stride()[d] * ops[j].shape()[d]) {
        return false;
      }
    }
    return true;
  }

  /** Inner-dimension stride of operand {@code j}. */
  long innerStride(int j) {
    return strides[j][shape.length - 1];
  }

  /** Number of coalesced dimensions. */
  int dims() {
    return shape.length;
  }

  /** Size of coalesced dimension {@code d}. */
  long size(int d) {
    return shape[d];
  }

  /** Stride of operand {@code j} along coalesced dimension {@code d}. */
  long stride(int j, int d) {
    return strides[j][d];
  }

  /** Element offset of operand {@code j} at the start. */
  long base(int j) {
    return base[j];
  }

  /** Length of the inner dimension. */
  long innerSize() {
    return shape[shape.length - 1];
  }

  /** Number of rows. */
  long rows() {
    long r = 1;
    for (int d = 0; d < shape.length - 1; d++) {
      r *= shape[d];
    }
    return r;
  }

  /** Runs {@code row} over every row, splitting the work over threads when it is large. */
  void run(Row row) {
    if (isEmpty()) {
      return;
    }
    long rows = rows();
    long inner = innerSize();
    if (rows == 1) {
      Parallel.forRange(
          inner,
          1,
          (s, e) -> {
            long[] offs = new long[base.length];
            for (int j = 0; j < offs.length; j++) {
              offs[j] = base[j] + s * strides[j][0];
            }
            row.run(offs, e - s);
          });
      return;
    }
    Parallel.forRange(rows, inner, (s, e) -> runRows(s, e, row));
  }

  /** Runs {@code row} over every row on the calling thread, in order. */
  void runSequential(Row row) {
    if (!isEmpty()) {
      runRows(0, rows(), row);
    }
  }

  private boolean isEmpty() {
    for (long s : shape) {
      if (s == 0) {
        return true;
      }
    }
    return false;
  }

  private void runRows(long start, long end, Row row) {
    int outer = shape.length - 1;
    int k = base.length;
    long[] idx = new long[outer];
    long rem = start;
    for (int d = outer - 1; d >= 0; d--) {
      idx[d] = rem % shape[d];
      rem /= shape[d];
    }
    long[] offs = new long[k];
    for (int j = 0; j < k; j++) {
      long o = base[j];
      for (int d = 0; d < outer; d++) {
        o += idx[d] * strides[j][d];
      }
      offs[j] = o;
    }
    long[] rowOffs = new long[k];
    long inner = innerSize();
    for (long r = start; r < end; r++) {
      System.arraycopy(offs, 0, rowOffs, 0, k);
      row.run(rowOffs, inner);
      for (int d = outer - 1; d >= 0; d--) {
        idx[d]++;
        for (int j = 0; j < k; j++) {
          offs[j] += strides[j][d];
        }
        if (idx[d] < shape[d]) {
          break;
        }
        for (int j = 0; j < k; j++) {
          offs[j] -= strides[j][d] * shape[d];
        }
        idx[d] = 0;
      }
    }
  }
}
