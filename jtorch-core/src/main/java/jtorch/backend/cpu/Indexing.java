package jtorch.backend.cpu;

import java.lang.foreign.MemorySegment;
import jtorch.DType;
import jtorch.backend.Strided;

/** {@code gather} and {@code scatter_add} along one dimension, for every dtype. */
final class Indexing {
  private Indexing() {}

  /** {@code t} seen with {@code shape} and a zero stride along {@code dim}. */
  private static Strided along(Strided t, long[] shape, int dim) {
    long[] st = t.stride().clone();
    st[dim] = 0;
    return new Strided(t.storage(), t.offset(), shape, st, t.dtype());
  }

  private static long checked(long i, long size, int dim) {
    if (i < -size || i >= size) {
      throw new IndexOutOfBoundsException(
          "index " + i + " is out of bounds for dimension " + dim + " with size " + size);
    }
    return i < 0 ? i + size : i;
  }

  static void gather(Strided in, int dim, Strided index, Strided out) {
    Strided src = along(in, index.shape(), dim);
    Loop loop = Loop.of(out, index, src);
    long so = loop.innerStride(0);
    long sx = loop.innerStride(1);
    long ss = loop.innerStride(2);
    long step = in.stride()[dim];
    long size = in.shape()[dim];
    MemorySegment mi = in.storage().segment();
    MemorySegment mx = index.storage().segment();
    MemorySegment mo = out.storage().segment();
    DType t = in.dtype();
    boolean floating = t.isFloatingPoint();
    loop.run((offs, n) -> {
      for (long i = 0, o = offs[0], x = offs[1], s = offs[2];
          i < n;
          i++, o += so, x += sx, s += ss) {
        long p = s + checked(Elements.getLong(mx, DType.INT64, x), size, dim) * step;
        if (floating) {
          Elements.setDouble(mo, t, o, Elements.getDouble(mi, t, p));
        } else {
          Elements.setLong(mo, t, o, Elements.getLong(mi, t, p));
        }
      }
    });
  }

  static void scatterAdd(Strided out, int dim, Strided index, Strided src) {
    Strided dst = along(out, index.shape(), dim);
    Loop loop = Loop.of(dst, index, src);
    long sd = loop.innerStride(0);
    long sx = loop.innerStride(1);
    long ss = loop.innerStride(2);
    long step = out.stride()[dim];
    long size = out.shape()[dim];
    MemorySegment md = out.storage().segment();
    MemorySegment mx = index.storage().segment();
    MemorySegment ms = src.storage().segment();
    DType t = out.dtype();
    DType ts = src.dtype();
    boolean floating = t.isFloatingPoint();
    // Sequential: two index entries may name the same output element.
    loop.runSequential((offs, n) -> {
      for (long i = 0, d = offs[0], x = offs[1], s = offs[2];
          i < n;
          i++, d += sd, x += sx, s += ss) {
        long p = d + checked(Elements.getLong(mx, DType.INT64, x), size, dim) * step;
        if (floating) {
          Elements.setDouble(
              md, t, p, Elements.getDouble(md, t, p) + Elements.getDouble(ms, ts, s));
        } else {
          Elements.setLong(md, t, p, Elements.getLong(md, t, p) + Elements.getLong(ms, ts, s));
        }
      }
    });
  }
}
