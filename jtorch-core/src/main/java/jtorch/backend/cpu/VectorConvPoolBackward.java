package jtorch.backend.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The backward of {@link VectorConvPool}, behind {@link VectorFloatOps#convReluMaxPool2x2Backward}:
 * the gradient of the convolution's output is zero but at the one position per pooling window that
 * its maximum came from, so instead of multiplying that mostly zero gradient as a matrix (as
 * unfolding does), each nonzero element adds its 3x3 window's terms: to the weight gradient, the
 * input window times the gradient, and to the input gradient, the filter times it. That is a
 * quarter of the unfolded products' arithmetic. Both run over the sample in channels-last layout
 * ({@code [h, wd, cp]}, a vector of input channels per position), transposed in and out once.
 *
 * <p>Zeros are skipped, so where the unfolded product would multiply a zero gradient by an infinite
 * or NaN input or weight (and get NaN), this kernel gets nothing: callers check that the weight and
 * input are finite first.
 */
final class VectorConvPoolBackward {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Double> DS = VectorSpecies.of(double.class, S.vectorShape());
  private static final int V = S.length();

  /**
   * Per-thread buffers: the masked pooled gradient, the input and the input gradient transposed,
   * one window's sums and the gathers' lane offsets.
   */
  private static final class Buffers {
    float[] grad = new float[0];
    int[] at = new int[0];
    float[] input = new float[0];
    float[] gradInput = new float[0];
    final float[] sums = new float[DirectConv.TAPS * V];
    final int[] apart = new int[V];
  }

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private VectorConvPoolBackward() {}

  /** Sample {@code i} of {@code b}: see {@link FloatOps#convReluMaxPool2x2Backward}. */
  static void sample(DirectConv k, ConvPoolBatch b, int i, double[] accW, double[] accB) {
    int n = k.o() * k.ph() * k.pw();
    int sampleIn = k.c() * k.h() * k.wd();
    int size = k.h() * k.wd() * k.cp();
    Buffers buf = BUFFERS.get();
    if (buf.grad.length < n) {
      buf.grad = new float[n];
      buf.at = new int[n];
    }
    if (buf.input.length < size) {
      buf.input = new float[size];
      buf.gradInput = new float[size];
    }
    float[] gm = buf.grad;
    int[] at = buf.at;
    mask(
        k,
        b.grad(),
        b.gradAt() + i * n,
        b.pooled(),
        b.pooledAt() + i * n,
        b.indices(),
        b.indicesAt() + i * n,
        gm,
        at);
    if (accB != null) {
      int plane = k.ph() * k.pw();
      for (int oc = 0; oc < k.o(); oc++) {
        double s = 0;
        for (int t = oc * plane; t < (oc + 1) * plane; t++) {
          s += gm[t];
        }
        accB[oc] += s;
      }
    }
    if (accW != null) {
      transposeIn(k, b.input(), b.inputAt() + i * sampleIn, buf.input, buf.apart);
      for (int cv = 0; cv < k.cp(); cv += V) {
        for (int oc = 0; oc < k.o(); oc++) {
          weightGradient(k, gm, at, oc, cv, buf.input, buf.sums, accW);
        }
      }
    }
    if (b.gradInput() != null) {
      float[] dx = buf.gradInput;
      java.util.Arrays.fill(dx, 0, size, 0f);
      for (int cv = 0; cv < k.cp(); cv += V) {
        for (int oc = 0; oc < k.o(); oc++) {
          inputGradient(k, gm, at, oc, cv, dx);
        }
      }
      transposeOut(k, dx, b.gradInput(), b.gradInputAt() + i * sampleIn, buf.apart);
    }
  }

  /**
   * The pooled gradient where the pooled maximum (the relu's output) is positive or NaN, else 0, as
   * relu's backward takes it; and for each, the channels-last offset of the input window under the
   * position its maximum came from.
   */
  private static void mask(
      DirectConv k,
      float[] g,
      int go,
      float[] out,
      int oo,
      long[] idx,
      int xo,
      float[] gm,
      int[] at) {
    int ph = k.ph();
    int pw = k.pw();
    int ow = k.ow();
    int cp = k.cp();
    int n = k.o() * ph * pw;
    int bound = S.loopBound(n);
    FloatVector zero = FloatVector.zero(S);
    int i = 0;
    for (; i < bound; i += V) {
      FloatVector y = FloatVector.fromArray(S, out, oo + i);
      FloatVector.fromArray(S, g, go + i)
          .blend(zero, y.compare(VectorOperators.LE, zero))
          .intoArray(gm, i);
    }
    for (; i < n; i++) {
      gm[i] = out[oo + i] <= 0 ? 0f : g[go + i];
    }
    // an index counts rows of ow; the input's rows are wd - ow longer: the maximum's row is the
    // window's top one (2 * ty) or the next
    int extra = k.wd() - ow;
    for (int t = 0; t < n; ) {
      for (int ty = 0; ty < ph; ty++) {
        int shift = 2 * ty * extra;
        int next = (2 * ty + 1) * ow;
        for (int end = t + pw; t < end; t++) {
          int p = (int) idx[xo + t];
          at[t] = (p + shift + (p >= next ? extra : 0)) * cp;
        }
      }
    }
  }

  /**
   * {@code x[i, c, y, x]} to {@code t[(y * wd + x) * cp + c]}: a vector of channels at a time,
   * gathered a plane apart (the padding lanes beyond {@code c} repeat the block's first channel).
   */
  private static void transposeIn(DirectConv k, float[] in, int io, float[] t, int[] lanes) {
    int plane = k.h() * k.wd();
    int cp = k.cp();
    for (int cv = 0; cv < cp; cv += V) {
      int[] apart = apart(lanes, plane, k.c() - cv);
      int src = io + cv * plane;
      for (int p = 0; p < plane; p++) {
        FloatVector.fromArray(S, in, src + p, apart, 0).intoArray(t, p * cp + cv);
      }
    }
  }

  /**
   * {@code t[(y * wd + x) * cp + c]} to {@code gi[gio + (c * h + y) * wd + x]}: a vector of
   * positions at a time, gathered a position apart.
   */
  private static void transposeOut(DirectConv k, float[] t, float[] gi, int gio, int[] lanes) {
    int plane = k.h() * k.wd();
    int cp = k.cp();
    int[] apart = apart(lanes, cp, V);
    int whole = S.loopBound(plane);
    for (int c = 0; c < k.c(); c++) {
      int dst = gio + c * plane;
      int p = 0;
      for (; p < whole; p += V) {
        FloatVector.fromArray(S, t, p * cp + c, apart, 0).intoArray(gi, dst + p);
      }
      for (; p < plane; p++) {
        gi[dst + p] = t[p * cp + c];
      }
    }
  }

  /**
   * {@code a} filled with the lane offsets {@code l * step} for the first {@code lanes} lanes, 0
   * for the others.
   */
  private static int[] apart(int[] a, int step, int lanes) {
    for (int l = 0; l < V; l++) {
      a[l] = l < lanes ? l * step : 0;
    }
    return a;
  }

  /**
   * Adds output channel {@code oc}'s terms of the weight gradient for input channels {@code [cv, cv
   * + V)}: each nonzero gradient times its input window, summed over the sample in float, then
   * added to {@code accW} ({@code [o, 9, cp]}) in double.
   */
  private static void weightGradient(
      DirectConv k, float[] gm, int[] at, int oc, int cv, float[] x, float[] sums, double[] accW) {
    int cp = k.cp();
    int row = k.wd() * cp;
    FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S), s2 = FloatVector.zero(S);
    FloatVector s3 = FloatVector.zero(S), s4 = FloatVector.zero(S), s5 = FloatVector.zero(S);
    FloatVector s6 = FloatVector.zero(S), s7 = FloatVector.zero(S), s8 = FloatVector.zero(S);
    int plane = k.ph() * k.pw();
    for (int t = oc * plane; t < (oc + 1) * plane; t++) {
      float v = gm[t];
      if (v == 0f) {
        continue;
      }
      FloatVector gv = FloatVector.broadcast(S, v);
      int a = at[t] + cv;
      s0 = FloatVector.fromArray(S, x, a).fma(gv, s0);
      s1 = FloatVector.fromArray(S, x, a + cp).fma(gv, s1);
      s2 = FloatVector.fromArray(S, x, a + 2 * cp).fma(gv, s2);
      s3 = FloatVector.fromArray(S, x, a + row).fma(gv, s3);
      s4 = FloatVector.fromArray(S, x, a + row + cp).fma(gv, s4);
      s5 = FloatVector.fromArray(S, x, a + row + 2 * cp).fma(gv, s5);
      s6 = FloatVector.fromArray(S, x, a + 2 * row).fma(gv, s6);
      s7 = FloatVector.fromArray(S, x, a + 2 * row + cp).fma(gv, s7);
      s8 = FloatVector.fromArray(S, x, a + 2 * row + 2 * cp).fma(gv, s8);
    }
    // out through an array: vectors passed to a method the JIT does not inline are boxed
    s0.intoArray(sums, 0);
    s1.intoArray(sums, V);
    s2.intoArray(sums, 2 * V);
    s3.intoArray(sums, 3 * V);
    s4.intoArray(sums, 4 * V);
    s5.intoArray(sums, 5 * V);
    s6.intoArray(sums, 6 * V);
    s7.intoArray(sums, 7 * V);
    s8.intoArray(sums, 8 * V);
    addInDouble(sums, accW, oc * DirectConv.TAPS * cp + cv, cp);
  }

  /** {@code acc[w + t * cp + l] += sums[t * V + l]} for each tap {@code t} and lane {@code l}. */
  private static void addInDouble(float[] sums, double[] acc, int w, int cp) {
    int half = DS.length();
    for (int t = 0; t < DirectConv.TAPS; t++) {
      FloatVector s = FloatVector.fromArray(S, sums, t * V);
      int a = w + t * cp;
      ((DoubleVector) s.convertShape(VectorOperators.F2D, DS, 0))
          .add(DoubleVector.fromArray(DS, acc, a))
          .intoArray(acc, a);
      ((DoubleVector) s.convertShape(VectorOperators.F2D, DS, 1))
          .add(DoubleVector.fromArray(DS, acc, a + half))
          .intoArray(acc, a + half);
    }
  }

  /**
   * Adds output channel {@code oc}'s terms of the input gradient for input channels {@code [cv, cv
   * + V)}: each nonzero gradient times the filter, into its input window in {@code dx}.
   */
  private static void inputGradient(
      DirectConv k, float[] gm, int[] at, int oc, int cv, float[] dx) {
    int cp = k.cp();
    int row = k.wd() * cp;
    float[] f = k.filters();
    int f0 = oc * DirectConv.TAPS * cp + cv;
    FloatVector w0 = FloatVector.fromArray(S, f, f0);
    FloatVector w1 = FloatVector.fromArray(S, f, f0 + cp);
    FloatVector w2 = FloatVector.fromArray(S, f, f0 + 2 * cp);
    FloatVector w3 = FloatVector.fromArray(S, f, f0 + 3 * cp);
    FloatVector w4 = FloatVector.fromArray(S, f, f0 + 4 * cp);
    FloatVector w5 = FloatVector.fromArray(S, f, f0 + 5 * cp);
    FloatVector w6 = FloatVector.fromArray(S, f, f0 + 6 * cp);
    FloatVector w7 = FloatVector.fromArray(S, f, f0 + 7 * cp);
    FloatVector w8 = FloatVector.fromArray(S, f, f0 + 8 * cp);
    int plane = k.ph() * k.pw();
    int pw = k.pw();
    // every other window of a row, then the others: windows two apart overlap, and a vector
    // loaded right after it was stored waits for the store (in plain order this loop took half as
    // long again)
    for (int ty = 0; ty < k.ph(); ty++) {
      for (int tx0 = 0; tx0 < 2; tx0++) {
        for (int tx = tx0; tx < pw; tx += 2) {
          int t = oc * plane + ty * pw + tx;
          float v = gm[t];
          if (v == 0f) {
            continue;
          }
          FloatVector gv = FloatVector.broadcast(S, v);
          int a = at[t] + cv;
          w0.fma(gv, FloatVector.fromArray(S, dx, a)).intoArray(dx, a);
          w1.fma(gv, FloatVector.fromArray(S, dx, a + cp)).intoArray(dx, a + cp);
          w2.fma(gv, FloatVector.fromArray(S, dx, a + 2 * cp)).intoArray(dx, a + 2 * cp);
          a += row;
          w3.fma(gv, FloatVector.fromArray(S, dx, a)).intoArray(dx, a);
          w4.fma(gv, FloatVector.fromArray(S, dx, a + cp)).intoArray(dx, a + cp);
          w5.fma(gv, FloatVector.fromArray(S, dx, a + 2 * cp)).intoArray(dx, a + 2 * cp);
          a += row;
          w6.fma(gv, FloatVector.fromArray(S, dx, a)).intoArray(dx, a);
          w7.fma(gv, FloatVector.fromArray(S, dx, a + cp)).intoArray(dx, a + cp);
          w8.fma(gv, FloatVector.fromArray(S, dx, a + 2 * cp)).intoArray(dx, a + 2 * cp);
        }
      }
    }
  }
}
