package jtorch.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import jtorch.backend.AdadeltaStep;
import jtorch.backend.BinaryOp;
import jtorch.backend.CounterRandom;
import jtorch.backend.SgdStep;
import jtorch.backend.UnaryOp;

/**
 * Vector API float32 loops at the machine's preferred width (AVX-512: 16 lanes, AVX2: 8). Loaded by
 * reflection only when {@code jdk.incubator.vector} is present; tails use the scalar path.
 */
final class VectorFloatOps implements FloatOps {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> IS = VectorSpecies.of(int.class, S.vectorShape());
  private static final VectorSpecies<Long> LS = VectorSpecies.of(long.class, S.vectorShape());

  /** Picks the even lanes of two vectors (exceptional, negative indices: the second). */
  private static final VectorShuffle<Float> EVEN = pairs(0);

  /** Picks the odd lanes of two vectors. */
  private static final VectorShuffle<Float> ODD = pairs(1);

  /** Floats as many as {@link #LS} has lanes. */
  private static final VectorSpecies<Float> HALF =
      VectorSpecies.of(float.class, VectorShape.forBitSize(S.vectorBitSize() / 2));

  private static final ScalarFloatOps TAIL = new ScalarFloatOps();

  /** Calls of {@link #maxPool2x2} left that pool one row with vectors; then all rows are. */
  private final AtomicInteger poolWarmup;

  /** The kernels, max pooling's vector loop warmed up over its first 8,000 calls. */
  VectorFloatOps() {
    this(8_000);
  }

  /** The kernels, max pooling's vector loop warmed up over its first {@code poolWarmup} calls. */
  VectorFloatOps(int poolWarmup) {
    this.poolWarmup = new AtomicInteger(poolWarmup);
  }

  // The Vector API compiles to SIMD only when the operator is a constant at the call site, so
  // every op gets its own loop below; ops without one use the scalar loop.

  @Override
  public void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
    int bound = S.loopBound(n);
    int i = 0;
    int step = S.length();
    switch (op) {
      case ADD -> {
        for (; i < bound; i += step) {
          va(a, ao + i).add(va(b, bo + i)).intoArray(o, oo + i);
        }
      }
      case SUB -> {
        for (; i < bound; i += step) {
          va(a, ao + i).sub(va(b, bo + i)).intoArray(o, oo + i);
        }
      }
      case MUL -> {
        for (; i < bound; i += step) {
          va(a, ao + i).mul(va(b, bo + i)).intoArray(o, oo + i);
        }
      }
      case DIV -> {
        for (; i < bound; i += step) {
          va(a, ao + i).div(va(b, bo + i)).intoArray(o, oo + i);
        }
      }
      case RELU_BACKWARD -> {
        FloatVector zero = FloatVector.zero(S);
        for (; i < bound; i += step) {
          var off = va(b, bo + i).compare(VectorOperators.LE, zero);
          va(a, ao + i).blend(zero, off).intoArray(o, oo + i);
        }
      }
      default -> {
        TAIL.binary(op, a, ao + i, b, bo + i, o, oo + i, n - i);
        return;
      }
    }
    if (i < n) { // the tail as one masked vector: short rows (a convolution's folds) have many
      VectorMask<Float> m = S.indexInRange(i, n);
      FloatVector x = FloatVector.fromArray(S, a, ao + i, m);
      FloatVector y = FloatVector.fromArray(S, b, bo + i, m);
      FloatVector r =
          switch (op) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            default -> x.blend(0f, y.compare(VectorOperators.LE, 0f)); // RELU_BACKWARD
          };
      r.intoArray(o, oo + i, m);
    }
  }

  @Override
  public void binaryScalar(BinaryOp op, float[] a, int ao, float s, float[] o, int oo, int n) {
    FloatVector y = FloatVector.broadcast(S, s);
    int bound = S.loopBound(n);
    int i = 0;
    int step = S.length();
    switch (op) {
      case ADD -> {
        for (; i < bound; i += step) {
          va(a, ao + i).add(y).intoArray(o, oo + i);
        }
      }
      case SUB -> {
        for (; i < bound; i += step) {
          va(a, ao + i).sub(y).intoArray(o, oo + i);
        }
      }
      case MUL -> {
        for (; i < bound; i += step) {
          va(a, ao + i).mul(y).intoArray(o, oo + i);
        }
      }
      case DIV -> {
        for (; i < bound; i += step) {
          va(a, ao + i).div(y).intoArray(o, oo + i);
        }
      }
      default -> {}
    }
    TAIL.binaryScalar(op, a, ao + i, s, o, oo + i, n - i);
  }

  @Override
  public void scalarBinary(BinaryOp op, float s, float[] b, int bo, float[] o, int oo, int n) {
    FloatVector x = FloatVector.broadcast(S, s);
    int bound = S.loopBound(n);
    int i = 0;
    int step = S.length();
    switch (op) {
      case ADD -> {
        for (; i < bound; i += step) {
          x.add(va(b, bo + i)).intoArray(o, oo + i);
        }
      }
      case SUB -> {
        for (; i < bound; i += step) {
          x.sub(va(b, bo + i)).intoArray(o, oo + i);
        }
      }
      case MUL -> {
        for (; i < bound; i += step) {
          x.mul(va(b, bo + i)).intoArray(o, oo + i);
        }
      }
      case DIV -> {
        for (; i < bound; i += step) {
          x.div(va(b, bo + i)).intoArray(o, oo + i);
        }
      }
      default -> {}
    }
    TAIL.scalarBinary(op, s, b, bo + i, o, oo + i, n - i);
  }

  @Override
  public void unary(UnaryOp op, float[] a, int ao, float[] o, int oo, int n) {
    int bound = S.loopBound(n);
    int i = 0;
    int step = S.length();
    switch (op) {
      case NEG -> {
        for (; i < bound; i += step) {
          va(a, ao + i).neg().intoArray(o, oo + i);
        }
      }
      case ABS -> {
        for (; i < bound; i += step) {
          va(a, ao + i).abs().intoArray(o, oo + i);
        }
      }
      case RELU -> {
        FloatVector zero = FloatVector.zero(S);
        for (; i < bound; i += step) {
          va(a, ao + i).max(zero).intoArray(o, oo + i);
        }
      }
      case SQRT -> {
        for (; i < bound; i += step) {
          va(a, ao + i).sqrt().intoArray(o, oo + i);
        }
      }
      case EXP -> {
        for (; i < bound; i += step) {
          va(a, ao + i).lanewise(VectorOperators.EXP).intoArray(o, oo + i);
        }
      }
      case LOG -> {
        for (; i < bound; i += step) {
          va(a, ao + i).lanewise(VectorOperators.LOG).intoArray(o, oo + i);
        }
      }
      case TANH -> {
        for (; i < bound; i += step) {
          va(a, ao + i).lanewise(VectorOperators.TANH).intoArray(o, oo + i);
        }
      }
      case SIGMOID -> {
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i < bound; i += step) {
          FloatVector e = va(a, ao + i).neg().lanewise(VectorOperators.EXP);
          one.div(one.add(e)).intoArray(o, oo + i);
        }
      }
      default -> {}
    }
    TAIL.unary(op, a, ao + i, o, oo + i, n - i);
  }

  private static FloatVector va(float[] a, int i) {
    return FloatVector.fromArray(S, a, i);
  }

  @Override
  public double sum(float[] a, int ao, int n) {
    // Float lanes summed in blocks, each block total added in double: fast and accurate.
    int block = S.length() * 64;
    double total = 0;
    int i = 0;
    while (n - i >= block) {
      FloatVector acc = FloatVector.zero(S);
      for (int j = 0; j < block; j += S.length()) {
        acc = acc.add(FloatVector.fromArray(S, a, ao + i + j));
      }
      total += acc.reduceLanes(VectorOperators.ADD);
      i += block;
    }
    int bound = i + S.loopBound(n - i);
    if (bound > i) {
      // The last part block (all of a short row, such as a bias gradient's 576 elements): its
      // lanes added in a fixed order, so the result does not depend on the JIT's lane reduction.
      FloatVector acc = FloatVector.zero(S);
      for (; i < bound; i += S.length()) {
        acc = acc.add(FloatVector.fromArray(S, a, ao + i));
      }
      float[] lanes = new float[S.length()];
      acc.intoArray(lanes, 0);
      for (float l : lanes) {
        total += l;
      }
    }
    return total + TAIL.sum(a, ao + i, n - i);
  }

  @Override
  public void gemm(
      FloatMatrix a, FloatMatrix b, FloatMatrix c, int k, int r0, int r1, int j0, int j1) {
    VectorGemm.gemm(a, b, c, k, r0, r1, j0, j1);
  }

  @Override
  public void adadelta(
      float[] p,
      int pi,
      float[] g,
      int gi,
      float[] sa,
      int si,
      float[] ad,
      int ai,
      int n,
      AdadeltaStep o) {
    FloatVector rho = FloatVector.broadcast(S, (float) o.rho());
    FloatVector oneMinusRho = FloatVector.broadcast(S, (float) (1 - o.rho()));
    FloatVector eps = FloatVector.broadcast(S, (float) o.eps());
    FloatVector wd = FloatVector.broadcast(S, (float) o.weightDecay());
    FloatVector negLr = FloatVector.broadcast(S, (float) -o.lr());
    boolean decay = o.weightDecay() != 0;
    int bound = S.loopBound(n);
    for (int i = 0; i < bound; i += S.length()) {
      FloatVector pv = FloatVector.fromArray(S, p, pi + i);
      FloatVector gr = FloatVector.fromArray(S, g, gi + i);
      if (o.maximize()) {
        gr = gr.neg();
      }
      if (decay) {
        gr = gr.add(pv.mul(wd));
      }
      FloatVector s =
          FloatVector.fromArray(S, sa, si + i).mul(rho).add(gr.mul(oneMinusRho).mul(gr));
      s.intoArray(sa, si + i);
      FloatVector a = FloatVector.fromArray(S, ad, ai + i);
      FloatVector delta = a.add(eps).sqrt().div(s.add(eps).sqrt()).mul(gr);
      a.mul(rho).add(delta.mul(oneMinusRho).mul(delta)).intoArray(ad, ai + i);
      pv.add(delta.mul(negLr)).intoArray(p, pi + i);
    }
    TAIL.adadelta(p, pi + bound, g, gi + bound, sa, si + bound, ad, ai + bound, n - bound, o);
  }

  @Override
  public void sgd(float[] p, int pi, float[] g, int gi, float[] b, int bi, int n, SgdStep o) {
    FloatVector wd = FloatVector.broadcast(S, (float) o.weightDecay());
    FloatVector momentum = FloatVector.broadcast(S, (float) o.momentum());
    FloatVector oneMinusDampening = FloatVector.broadcast(S, (float) (1 - o.dampening()));
    FloatVector negLr = FloatVector.broadcast(S, (float) -o.lr());
    boolean decay = o.weightDecay() != 0;
    boolean useMomentum = o.momentum() != 0;
    int bound = S.loopBound(n);
    for (int i = 0; i < bound; i += S.length()) {
      FloatVector pv = FloatVector.fromArray(S, p, pi + i);
      FloatVector d = FloatVector.fromArray(S, g, gi + i);
      if (o.maximize()) {
        d = d.neg();
      }
      if (decay) {
        d = d.add(pv.mul(wd));
      }
      if (useMomentum) {
        FloatVector buf =
            o.firstStep()
                ? d
                : FloatVector.fromArray(S, b, bi + i).mul(momentum).add(d.mul(oneMinusDampening));
        buf.intoArray(b, bi + i);
        d = o.nesterov() ? d.add(buf.mul(momentum)) : buf;
      }
      pv.add(d.mul(negLr)).intoArray(p, pi + i);
    }
    TAIL.sgd(p, pi + bound, g, gi + bound, b, bi + bound, n - bound, o);
  }

  /**
   * SplitMix64 on long lanes; {@code ((bits >>> 40) - bound) >>> 63} is 1 exactly when a draw is
   * kept, and converts to a float species of as many lanes (half the width).
   */
  private static VectorShuffle<Float> pairs(int first) {
    int[] src = new int[S.length()];
    for (int l = 0; l < src.length; l++) {
      int i = 2 * l + first;
      src[l] = i < src.length ? i : i - 2 * src.length;
    }
    return VectorShuffle.fromArray(S, src, 0);
  }

  /**
   * Two passes over the (short, cached) line: the extreme by lane-wise MAX or MIN, which a NaN
   * anywhere makes NaN (then the scalar scan finds the first NaN), and then the first position
   * equal to it. Strided lines take the scalar loop.
   */
  @Override
  public int argExtreme(boolean max, float[] a, int start, int step, int len) {
    int v = S.length();
    int bound = S.loopBound(len);
    if (bound == 0 || step != 1) {
      return TAIL.argExtreme(max, a, start, step, len);
    }
    FloatVector acc = FloatVector.fromArray(S, a, start);
    for (int i = v; i < bound; i += v) {
      FloatVector x = FloatVector.fromArray(S, a, start + i);
      acc = max ? acc.max(x) : acc.min(x);
    }
    float e = acc.reduceLanes(max ? VectorOperators.MAX : VectorOperators.MIN);
    for (int i = bound; i < len; i++) {
      float x = a[start + i];
      e = max ? Math.max(e, x) : Math.min(e, x);
    }
    if (Float.isNaN(e)) {
      return TAIL.argExtreme(max, a, start, 1, len);
    }
    for (int i = 0; i < bound; i += v) {
      VectorMask<Float> hit = FloatVector.fromArray(S, a, start + i).compare(VectorOperators.EQ, e);
      if (hit.anyTrue()) {
        return i + hit.firstTrue();
      }
    }
    for (int i = bound; i < len; i++) {
      if (a[start + i] == e) {
        return i;
      }
    }
    throw new IllegalStateException("argExtreme: the extreme " + e + " is not in the line");
  }

  /**
   * A vector of outputs at a time without gathers: each input row's two vectors are split into
   * their even and odd lanes (the left and right taps) by two-vector shuffles. The first {@link
   * #poolWarmup} calls pool their first output row with vectors and the others with scalar code
   * (the same results: a maximum and its position are exact): until the JIT has compiled the vector
   * loop, its shuffles run boxed, a hundred times slower than scalar code (0.8 s of a first
   * training step), and a row a call still counts the calls that get it compiled.
   */
  @Override
  public void maxPool2x2(
      float[] a,
      int base,
      int wd,
      int iw,
      int oh,
      int ow,
      float[] out,
      int oo,
      long[] idx,
      int xo) {
    int rows = poolWarmup.get() > 0 && poolWarmup.getAndDecrement() > 0 ? Math.min(1, oh) : oh;
    maxPool2x2Rows(a, base, wd, iw, rows, ow, out, oo, idx, xo);
    ScalarFloatOps.maxPool2x2Rows(a, base, wd, iw, rows, oh, ow, out, oo, idx, xo);
  }

  /** {@link #maxPool2x2}'s output rows {@code [0, oh)} with vectors. */
  private static void maxPool2x2Rows(
      float[] a,
      int base,
      int wd,
      int iw,
      int oh,
      int ow,
      float[] out,
      int oo,
      long[] idx,
      int xo) {
    int v = S.length();
    int[] at = new int[v];
    IntVector twice = IntVector.zero(IS).addIndex(2);
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox += v) {
        int row = base + 2 * oy * wd + 2 * ox;
        int inputs = Math.min(2 * v, 2 * (ow - ox));
        VectorMask<Float> lo = S.indexInRange(0, inputs);
        VectorMask<Float> hi = S.indexInRange(v, inputs);
        int top = 2 * oy * iw + 2 * ox;
        FloatVector a0 = FloatVector.fromArray(S, a, row, lo);
        FloatVector a1 = FloatVector.fromArray(S, a, row + v, hi);
        FloatVector b0 = FloatVector.fromArray(S, a, row + wd, lo);
        FloatVector b1 = FloatVector.fromArray(S, a, row + wd + v, hi);
        FloatVector bv = a0.rearrange(EVEN, a1);
        IntVector best = twice.add(top);
        FloatVector x = a0.rearrange(ODD, a1);
        VectorMask<Float> wins =
            x.compare(VectorOperators.GT, bv).or(x.test(VectorOperators.IS_NAN));
        bv = bv.blend(x, wins);
        best = best.blend(twice.add(top + 1), wins.cast(IS));
        x = b0.rearrange(EVEN, b1);
        wins = x.compare(VectorOperators.GT, bv).or(x.test(VectorOperators.IS_NAN));
        bv = bv.blend(x, wins);
        best = best.blend(twice.add(top + iw), wins.cast(IS));
        x = b0.rearrange(ODD, b1);
        wins = x.compare(VectorOperators.GT, bv).or(x.test(VectorOperators.IS_NAN));
        bv = bv.blend(x, wins);
        best = best.blend(twice.add(top + iw + 1), wins.cast(IS));
        int n = Math.min(v, ow - ox);
        int o = oy * ow + ox;
        bv.intoArray(out, oo + o, S.indexInRange(0, n));
        // widened to long one at a time: masked long stores of the converted halves took
        // two thirds of the pooling's time in the training step
        best.intoArray(at, 0);
        for (int t = 0; t < n; t++) {
          idx[xo + o + t] = at[t];
        }
      }
    }
  }

  @Override
  public int directConvBlock() {
    return VectorConvPool.BLOCK;
  }

  @Override
  public void convReluMaxPool2x2(
      DirectConv k, float[] in, int io, float[] out, int oo, long[] idx, int xo) {
    VectorConvPool.sample(k, in, io, out, oo, idx, xo);
  }

  @Override
  public void convReluMaxPool2x2Backward(
      DirectConv k, ConvPoolBatch b, int i, double[] accW, double[] accB) {
    VectorConvPoolBackward.sample(k, b, i, accW, accB);
  }

  @Override
  public void bernoulli(float[] o, int oo, long seed, long first, long bound, int n) {
    int lanes = LS.length();
    LongVector step = LongVector.broadcast(LS, lanes * CounterRandom.GOLDEN);
    LongVector z0 =
        LongVector.broadcast(LS, first + 1).addIndex(1).mul(CounterRandom.GOLDEN).add(seed);
    int whole = n - n % lanes;
    for (int i = 0; i < whole; i += lanes, z0 = z0.add(step)) {
      LongVector z = z0;
      z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30));
      z = z.mul(0xBF58476D1CE4E5B9L);
      z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27));
      z = z.mul(0x94D049BB133111EBL);
      z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
      LongVector keep =
          z.lanewise(VectorOperators.LSHR, 40).sub(bound).lanewise(VectorOperators.LSHR, 63);
      keep.convertShape(VectorOperators.L2F, HALF, 0).reinterpretAsFloats().intoArray(o, oo + i);
    }
    TAIL.bernoulli(o, oo + whole, seed, first + whole, bound, n - whole);
  }

  @Override
  public void gemmPartials(
      FloatMatrix a, FloatMatrix b, int k, int rows, int cols, float[] acc, int at) {
    VectorGemm.gemmPartials(a, b, k, rows, cols, acc, at);
  }

  @Override
  public boolean allFinite(float[] a, int ao, int n) {
    int bound = S.loopBound(n);
    for (int i = 0; i < bound; i += S.length()) {
      if (!va(a, ao + i).test(VectorOperators.IS_FINITE).allTrue()) {
        return false;
      }
    }
    return TAIL.allFinite(a, ao + bound, n - bound);
  }

  @Override
  public int partials() {
    return VectorGemm.PARTIALS;
  }

  /**
   * Max pooling a vector of windows at a time: each tap of the windows is one gather, and the
   * running maximum and its position are blended under the comparison's mask. The scalar loop
   * branches on every comparison, a coin flip on real data that the branch predictor loses.
   */
  @Override
  public void maxPool(
      float[] a,
      int base,
      int[] pos,
      int[] taps,
      float[] out,
      int oo,
      long[] idx,
      int xo,
      int from,
      int to) {
    int v = S.length();
    int bound = from + S.loopBound(to - from);
    for (int p = from; p < bound; p += v) {
      IntVector at = IntVector.fromArray(IS, pos, p);
      FloatVector bv = FloatVector.fromArray(S, a, base + taps[0], pos, p);
      IntVector best = at.add(taps[0]);
      for (int t = 1; t < taps.length; t++) {
        FloatVector x = FloatVector.fromArray(S, a, base + taps[t], pos, p);
        VectorMask<Float> wins =
            x.compare(VectorOperators.GT, bv).or(x.test(VectorOperators.IS_NAN));
        bv = bv.blend(x, wins);
        best = best.blend(at.add(taps[t]), wins.cast(IS));
      }
      bv.intoArray(out, oo + p);
      for (int part = 0; part < v / LS.length(); part++) {
        ((LongVector) best.convertShape(VectorOperators.I2L, LS, part))
            .intoArray(idx, xo + p + part * LS.length());
      }
    }
    TAIL.maxPool(a, base, pos, taps, out, oo, idx, xo, bound, to);
  }

  @Override
  public String name() {
    return "vector(" + S.length() + "x float32)";
  }
}
