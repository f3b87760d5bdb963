package jtorch.backend;

import jtorch.DType;

/**
 * {@link Backend#conv2d} and its gradients composed of a backend's own primitives, for backends
 * without a fused convolution: the batch is unfolded with {@code im2col} into [N, C*kh*kw, L]
 * columns and each group multiplied by its weight [O/groups, C/groups*kh*kw], which is shared by
 * the batch (stride 0), so that no copy of it is made per sample.
 */
final class ComposedConvolution {
  private ComposedConvolution() {}

  /** The sizes of one convolution. */
  private record Geometry(long n, long c, long o, long og, long ckg, long l, int groups) {
    static Geometry of(Strided in, Strided weight, Window2d w, int groups) {
      long[] s = in.shape();
      long[] ws = weight.shape();
      long l = w.outH(s[2]) * w.outW(s[3]);
      return new Geometry(s[0], s[1], ws[0], ws[0] / groups, ws[1] * ws[2] * ws[3], l, groups);
    }

    /** Rows of the columns of all groups: C * kh * kw. */
    long ck() {
      return ckg * groups;
    }
  }

  static void forward(
      Backend b, Strided in, Strided weight, Strided bias, Window2d w, int groups, Strided out) {
    Geometry d = Geometry.of(in, weight, w, groups);
    Strided cols = columns(b, in, w, d);
    DType t = out.dtype();
    for (int g = 0; g < groups; g++) {
      Strided wg = weightOf(weight, d, g, false);
      Strided cg = view(cols, g * d.ckg() * d.l(), d.n(), d.ckg(), d.l(), d.ck() * d.l(), d.l(), 1);
      Strided yg = view(out, g * d.og() * d.l(), d.n(), d.og(), d.l(), d.o() * d.l(), d.l(), 1);
      b.matmul(wg, cg, yg);
    }
    if (bias != null) {
      Strided y = view(out, 0, d.n(), d.o(), d.l(), d.o() * d.l(), d.l(), 1);
      Strided bb =
          new Strided(
              bias.storage(),
              bias.offset(),
              new long[] {d.n(), d.o(), d.l()},
              new long[] {0, bias.stride()[0], 0},
              t);
      b.binary(BinaryOp.ADD, y, bb, y);
    }
  }

  static void backward(
      Backend b,
      Strided grad,
      Strided in,
      Strided weight,
      Window2d w,
      int groups,
      Strided gradInput,
      Strided gradWeight,
      Strided gradBias) {
    Geometry d = Geometry.of(in, weight, w, groups);
    DType t = grad.dtype();
    if (gradWeight != null) {
      Strided cols = columns(b, in, w, d);
      Strided perSample = temp(b, t, in, d.n(), d.og(), d.ckg());
      for (int g = 0; g < groups; g++) {
        Strided gg = view(grad, g * d.og() * d.l(), d.n(), d.og(), d.l(), d.o() * d.l(), d.l(), 1);
        Strided colsT =
            view(cols, g * d.ckg() * d.l(), d.n(), d.l(), d.ckg(), d.ck() * d.l(), 1, d.l());
        b.matmul(gg, colsT, perSample);
        Strided wg = view(gradWeight, g * d.og() * d.ckg(), 1, d.og(), d.ckg(), 0, d.ckg(), 1);
        b.reduce(ReduceOp.SUM, perSample, 0, wg, null);
      }
    }
    if (gradBias != null) {
      Strided g3 = view(grad, 0, d.n(), d.o(), d.l(), d.o() * d.l(), d.l(), 1);
      Strided rows = temp(b, t, in, d.n(), d.o(), 1);
      b.reduce(ReduceOp.SUM, g3, 2, rows, null);
      Strided gb =
          new Strided(
              gradBias.storage(),
              gradBias.offset(),
              new long[] {1, d.o(), 1},
              new long[] {0, gradBias.stride()[0], 0},
              t);
      b.reduce(ReduceOp.SUM, rows, 0, gb, null);
    }
    if (gradInput != null) {
      Strided dcols = temp(b, t, in, d.n(), d.ck(), d.l());
      for (int g = 0; g < groups; g++) {
        Strided wt = weightOf(weight, d, g, true);
        Strided gg = view(grad, g * d.og() * d.l(), d.n(), d.og(), d.l(), d.o() * d.l(), d.l(), 1);
        Strided dg =
            view(dcols, g * d.ckg() * d.l(), d.n(), d.ckg(), d.l(), d.ck() * d.l(), d.l(), 1);
        b.matmul(wt, gg, dg);
      }
      b.col2im(dcols, w, gradInput);
    }
  }

  /** The columns [N, C*kh*kw, L] of {@code in}. */
  private static Strided columns(Backend b, Strided in, Window2d w, Geometry d) {
    Strided cols = temp(b, in.dtype(), in, d.n(), d.ck(), d.l());
    b.im2col(in, w, cols);
    return cols;
  }

  /**
   * Group {@code g}'s weight as [N, O/groups, C/groups*kh*kw] shared by the batch, or transposed.
   */
  private static Strided weightOf(Strided weight, Geometry d, int g, boolean transposed) {
    long off = g * d.og() * d.ckg();
    return transposed
        ? view(weight, off, d.n(), d.ckg(), d.og(), 0, 1, d.ckg())
        : view(weight, off, d.n(), d.og(), d.ckg(), 0, d.ckg(), 1);
  }

  private static Strided view(
      Strided s, long offset, long d0, long d1, long d2, long s0, long s1, long s2) {
    return new Strided(
        s.storage(),
        s.offset() + offset,
        new long[] {d0, d1, d2},
        new long[] {s0, s1, s2},
        s.dtype());
  }

  /** A zeroed contiguous [d0, d1, d2] on {@code like}'s device. */
  private static Strided temp(Backend b, DType t, Strided like, long d0, long d1, long d2) {
    return new Strided(
        b.allocate(d0 * d1 * d2, t, like.storage().device()),
        0,
        new long[] {d0, d1, d2},
        new long[] {d1 * d2, d2, 1},
        t);
  }
}
