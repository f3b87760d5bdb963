package jtorch.backend.cpu;

import java.lang.foreign.MemorySegment;
import jtorch.DType;
import jtorch.backend.ReduceOp;
import jtorch.backend.Strided;

/**
 * Reductions along one dimension. Each output element walks its input line; float32 lines with unit
 * stride use the {@link FloatOps} sum. Sums accumulate in double (floats) or long (integers); max
 * and min propagate NaN and report the first position of the extreme value, as PyTorch does.
 */
final class Reduce {
  private static final FloatOps F = FloatOpsProvider.OPS;

  private Reduce() {}

  static void reduce(ReduceOp op, Strided in, int dim, Strided values, Strided indices) {
    long len = in.shape()[dim];
    long step = in.stride()[dim];
    long[] startShape = in.shape().clone();
    startShape[dim] = 1;
    Strided starts = new Strided(in.storage(), in.offset(), startShape, in.stride(), in.dtype());
    Strided idx =
        indices != null
            ? indices
            : new Strided(
                values.storage(), values.offset(), startShape, values.stride(), DType.INT64);
    Loop loop = Loop.of(values, starts, idx);
    long sv = loop.innerStride(0);
    long ss = loop.innerStride(1);
    long si = loop.innerStride(2);
    DType t = in.dtype();
    DType tv = values.dtype();
    MemorySegment mi = in.storage().segment();
    MemorySegment mv = values.storage().segment();
    MemorySegment mx = indices == null ? null : indices.storage().segment();
    float[] fa = t == DType.FLOAT32 && in.storage().array() instanceof float[] f ? f : null;
    loop.run((offs, n) -> {
      for (long e = 0, o = offs[0], s = offs[1], x = offs[2];
          e < n;
          e++, o += sv, s += ss, x += si) {
        if (op == ReduceOp.SUM) {
          if (fa != null && step == 1) {
            Elements.setDouble(mv, tv, o, sum(fa, (int) s, (int) len, n == 1));
          } else if (fa != null) {
            double acc = 0;
            for (int r = 0, p = (int) s; r < len; r++, p += (int) step) {
              acc += fa[p];
            }
            Elements.setDouble(mv, tv, o, acc);
          } else if (t.isFloatingPoint()) {
            double acc = 0;
            for (long r = 0, p = s; r < len; r++, p += step) {
              acc += Elements.getDouble(mi, t, p);
            }
            Elements.setDouble(mv, tv, o, acc);
          } else {
            long acc = 0;
            for (long r = 0, p = s; r < len; r++, p += step) {
              acc += Elements.getLong(mi, t, p);
            }
            Elements.setLong(mv, tv, o, acc);
          }
        } else if (fa != null) {
          int best = F.argExtreme(op == ReduceOp.MAX, fa, (int) s, (int) step, (int) len);
          Elements.setDouble(mv, tv, o, fa[(int) (s + best * step)]);
          if (mx != null) {
            Elements.setLong(mx, DType.INT64, x, best);
          }
        } else {
          extreme(op == ReduceOp.MAX, mi, t, s, step, len, mv, tv, o, mx, x);
        }
      }
    });
  }

  /** Sum of a float32 line; a long line that is the only output is split over threads. */
  private static double sum(float[] a, int start, int len, boolean splittable) {
    if (!splittable || len < 4 * Parallel.GRAIN) {
      return F.sum(a, start, len);
    }
    int chunks = Parallel.threads() * 4;
    double[] partial = new double[chunks];
    Parallel.forRange(
        chunks,
        Parallel.GRAIN,
        (c0, c1) -> {
          for (long c = c0; c < c1; c++) {
            int from = (int) (len * c / chunks);
            int to = (int) (len * (c + 1) / chunks);
            partial[(int) c] = F.sum(a, start + from, to - from);
          }
        });
    double total = 0;
    for (double p : partial) {
      total += p;
    }
    return total;
  }

  private static void extreme(
      boolean max,
      MemorySegment mi,
      DType t,
      long start,
      long step,
      long len,
      MemorySegment mv,
      DType tv,
      long out,
      MemorySegment mx,
      long outIndex) {
    long best = 0;
    if (t.isFloatingPoint()) {
      double bv = Elements.getDouble(mi, t, start);
      for (long r = 1, p = start + step; r < len && !Double.isNaN(bv); r++, p += step) {
        double v = Elements.getDouble(mi, t, p);
        if (Double.isNaN(v) || (max ? v > bv : v < bv)) {
          bv = v;
          best = r;
        }
      }
      Elements.setDouble(mv, tv, out, bv);
    } else {
      long bv = Elements.getLong(mi, t, start);
      for (long r = 1, p = start + step; r < len; r++, p += step) {
        long v = Elements.getLong(mi, t, p);
        if (max ? v > bv : v < bv) {
          bv = v;
          best = r;
        }
      }
      Elements.setLong(mv, tv, out, bv);
    }
    if (mx != null) {
      Elements.setLong(mx, DType.INT64, outIndex, best);
    }
  }
}
