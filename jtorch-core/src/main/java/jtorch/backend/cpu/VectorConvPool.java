package jtorch.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The direct kernel behind {@link VectorFloatOps#convReluMaxPool2x2}: each 2x2 block of the
 * convolution's output, for {@link #BLOCK} output channels, is summed in eight vector accumulators
 * (four positions by two vectors of channels), each tap's weights loaded once for the four
 * positions and each input element under the block broadcast once per window row; then biased,
 * rectified and pooled in registers. The window is 3x3, with stride 1 and no padding. Neither the
 * unfolded columns nor the convolution's output are ever stored: only the pooled value and its
 * index per channel.
 *
 * <p>Each sum runs over the taps in the order of the unfolded columns' rows, one fused multiply-add
 * each from zero, as {@link VectorGemm}'s kernel sums them, and the bias, relu and pooling follow
 * with the same rules as the unfused ops, so the results are the same bits as unfolding,
 * multiplying and pooling.
 */
final class VectorConvPool {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, S.vectorShape());
  private static final int V = S.length();

  /** Output channels per pass: two vectors. */
  static final int BLOCK = 2 * V;

  /**
   * Per-thread pooled values and indices of one block of channels, position by position (the
   * channels of a position adjacent), on their way to the channels' planes.
   */
  private static final class Buffers {
    float[] values = new float[0];
    int[] indices = new int[0];
  }

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private VectorConvPool() {}

  /**
   * Sample at {@code in[io]} ({@code [k.c(), k.h(), k.wd()]}, row-major) into {@code out[oo]} and,
   * unless {@code idx} is null, {@code idx[xo]} ({@code [k.o(), k.ph(), k.pw()]} each).
   */
  static void sample(DirectConv k, float[] in, int io, float[] out, int oo, long[] idx, int xo) {
    int ph = k.ph();
    int pw = k.pw();
    int plane = ph * pw;
    Buffers buf = BUFFERS.get();
    if (buf.values.length < plane * BLOCK) {
      buf.values = new float[plane * BLOCK];
      buf.indices = new int[plane * BLOCK];
    }
    float[] values = buf.values;
    int[] indices = buf.indices;
    for (int ob = 0; ob < k.o(); ob += BLOCK) {
      for (int ty = 0, t = 0; ty < ph; ty++) {
        for (int tx = 0; tx < pw; tx++, t += BLOCK) {
          block(
              k,
              in,
              io + 2 * ty * k.wd() + 2 * tx,
              ob,
              2 * ty * k.ow() + 2 * tx,
              values,
              indices,
              t);
        }
      }
      for (int l = 0; l < BLOCK; l++) {
        int o = oo + (ob + l) * plane;
        for (int p = 0, t = l; p < plane; p++, t += BLOCK) {
          out[o + p] = values[t];
        }
      }
      for (int l = 0; idx != null && l < BLOCK; l++) {
        int o = xo + (ob + l) * plane;
        for (int p = 0, t = l; p < plane; p++, t += BLOCK) {
          idx[o + p] = indices[t];
        }
      }
    }
  }

  /**
   * The pooled maxima and their indices, for channels {@code [ob, ob + BLOCK)}, of the 2x2 block of
   * the output whose top left input is {@code in[at]} and whose top left output position is {@code
   * top}, into {@code values} and {@code indices} from {@code to}.
   */
  private static void block(
      DirectConv k, float[] in, int at, int ob, int top, float[] values, int[] indices, int to) {
    float[] w = k.weights();
    int o = k.o();
    int wd = k.wd();
    FloatVector a00 = FloatVector.zero(S), b00 = FloatVector.zero(S);
    FloatVector a01 = FloatVector.zero(S), b01 = FloatVector.zero(S);
    FloatVector a10 = FloatVector.zero(S), b10 = FloatVector.zero(S);
    FloatVector a11 = FloatVector.zero(S), b11 = FloatVector.zero(S);
    int plane = k.h() * wd;
    for (int ci = 0, r = at, wp = ob; ci < k.c(); ci++, r += plane, wp += DirectConv.TAPS * o) {
      // the four input rows under the block, four columns each: three taps a row, two positions
      for (int ky = 0; ky < 3; ky++) {
        int r0 = r + ky * wd;
        int r1 = r0 + wd;
        FloatVector x0 = FloatVector.broadcast(S, in[r0]);
        FloatVector x1 = FloatVector.broadcast(S, in[r0 + 1]);
        FloatVector x2 = FloatVector.broadcast(S, in[r0 + 2]);
        FloatVector x3 = FloatVector.broadcast(S, in[r0 + 3]);
        FloatVector y0 = FloatVector.broadcast(S, in[r1]);
        FloatVector y1 = FloatVector.broadcast(S, in[r1 + 1]);
        FloatVector y2 = FloatVector.broadcast(S, in[r1 + 2]);
        FloatVector y3 = FloatVector.broadcast(S, in[r1 + 3]);
        int t = wp + 3 * ky * o;
        FloatVector w0 = FloatVector.fromArray(S, w, t);
        FloatVector w1 = FloatVector.fromArray(S, w, t + V);
        a00 = w0.fma(x0, a00);
        b00 = w1.fma(x0, b00);
        a01 = w0.fma(x1, a01);
        b01 = w1.fma(x1, b01);
        a10 = w0.fma(y0, a10);
        b10 = w1.fma(y0, b10);
        a11 = w0.fma(y1, a11);
        b11 = w1.fma(y1, b11);
        w0 = FloatVector.fromArray(S, w, t + o);
        w1 = FloatVector.fromArray(S, w, t + o + V);
        a00 = w0.fma(x1, a00);
        b00 = w1.fma(x1, b00);
        a01 = w0.fma(x2, a01);
        b01 = w1.fma(x2, b01);
        a10 = w0.fma(y1, a10);
        b10 = w1.fma(y1, b10);
        a11 = w0.fma(y2, a11);
        b11 = w1.fma(y2, b11);
        w0 = FloatVector.fromArray(S, w, t + 2 * o);
        w1 = FloatVector.fromArray(S, w, t + 2 * o + V);
        a00 = w0.fma(x2, a00);
        b00 = w1.fma(x2, b00);
        a01 = w0.fma(x3, a01);
        b01 = w1.fma(x3, b01);
        a10 = w0.fma(y2, a10);
        b10 = w1.fma(y2, b10);
        a11 = w0.fma(y3, a11);
        b11 = w1.fma(y3, b11);
      }
    }
    if (k.bias() != null) {
      FloatVector c0 = FloatVector.fromArray(S, k.bias(), ob);
      FloatVector c1 = FloatVector.fromArray(S, k.bias(), ob + V);
      a00 = a00.add(c0);
      a01 = a01.add(c0);
      a10 = a10.add(c0);
      a11 = a11.add(c0);
      b00 = b00.add(c1);
      b01 = b01.add(c1);
      b10 = b10.add(c1);
      b11 = b11.add(c1);
    }
    FloatVector zero = FloatVector.zero(S);
    int ow = k.ow();
    // the taps in row-major order; a later one wins when greater or NaN, as in maxPool2x2
    FloatVector best = a00.max(zero);
    IntVector where = IntVector.broadcast(IS, top);
    FloatVector x = a01.max(zero);
    VectorMask<Float> wins = x.compare(VectorOperators.GT, best).or(x.test(VectorOperators.IS_NAN));
    best = best.blend(x, wins);
    where = where.blend(top + 1, wins.cast(IS));
    x = a10.max(zero);
    wins = x.compare(VectorOperators.GT, best).or(x.test(VectorOperators.IS_NAN));
    best = best.blend(x, wins);
    where = where.blend(top + ow, wins.cast(IS));
    x = a11.max(zero);
    wins = x.compare(VectorOperators.GT, best).or(x.test(VectorOperators.IS_NAN));
    best = best.blend(x, wins);
    where = where.blend(top + ow + 1, wins.cast(IS));
    best.intoArray(values, to);
    where.intoArray(indices, to);
    best = b00.max(zero);
    where = IntVector.broadcast(IS, top);
    x = b01.max(zero);
    wins = x.compare(VectorOperators.GT, best).or(x.test(VectorOperators.IS_NAN));
    best = best.blend(x, wins);
    where = where.blend(top + 1, wins.cast(IS));
    x = b10.max(zero);
    wins = x.compare(VectorOperators.GT, best).or(x.test(VectorOperators.IS_NAN));
    best = best.blend(x, wins);
    where = where.blend(top + ow, wins.cast(IS));
    x = b11.max(zero);
    wins = x.compare(VectorOperators.GT, best).or(x.test(VectorOperators.IS_NAN));
    best = best.blend(x, wins);
    where = where.blend(top + ow + 1, wins.cast(IS));
    best.intoArray(values, to + V);
    where.intoArray(indices, to + V);
  }
}
