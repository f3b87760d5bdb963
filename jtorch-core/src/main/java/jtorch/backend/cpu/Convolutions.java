package jtorch.backend.cpu;

import jtorch.DType;
import jtorch.backend.BinaryOp;
import jtorch.backend.Strided;
import jtorch.backend.UnaryOp;
import jtorch.backend.Window2d;

/**
 * The float32 convolution and its gradients, one sample at a time: each sample's columns [C*kh*kw,
 * L] are unfolded into a per-thread buffer that stays in cache, multiplied, and dropped, instead of
 * unfolding the whole batch into memory and reading it back (for the tutorial's second layer those
 * columns are 10 MB a step each way). Samples are split over threads; the weight and bias gradients
 * are summed per thread in double and the partial sums added in a fixed order.
 *
 * <p>A relu after the convolution can be fused in: applied to each output row while it is in cache,
 * and backward, the gradient masked one sample at a time into a buffer, so that neither the relu's
 * output nor its gradient exists for the whole batch. So can a 2x2 max pooling after the relu: each
 * sample's output is pooled from a buffer, and backward its gradient unpooled into one, so that
 * only the pooled output and indices are stored.
 *
 * <p>Batches with fewer samples than threads return false, and the composed path (which splits each
 * product over threads instead) runs.
 */
final class Convolutions {
  private static final FloatOps F = FloatOpsProvider.OPS;

  /**
   * Per-thread buffers: the columns of one sample, their gradient, the unfinished sums of a block's
   * weight gradient, one output or output gradient widened to flat rows, one output to be pooled or
   * output gradient masked by a fused relu or unpooled, and one plane of pooled gradient masked.
   */
  private static final ThreadLocal<float[][]> BUFFERS =
      ThreadLocal.withInitial(() -> new float[6][0]);

  /** The one pooling window fused: 2x2, stride 2. */
  private static final Window2d POOL_2X2 = new Window2d(2, 2, 2, 2, 0, 0, 1, 1);

  /** Per-thread scratch indices of one pooled plane, for pooling whose indices are not kept. */
  private static final ThreadLocal<long[][]> SCRATCH_INDICES =
      ThreadLocal.withInitial(() -> new long[1][0]);

  private Convolutions() {}

  /**
   * The sizes of one convolution. {@code flat}: the window moves by one element at a time over
   * unpadded row-major planes, so each window position is the plane shifted by a constant; then a
   * row of the columns can be laid out with the plane's row length {@code wd} (the last {@code wd -
   * ow} elements of each output row being junk) and filled, or folded back, by one long copy or
   * addition of {@link #run} elements, instead of {@code oh} short ones. It is used when that saves
   * copies: the product then has junk columns too, so the output's {@code O * oh} rows are copied
   * out (or widened, backward), which for few columns' rows and many output channels (a first
   * layer: 9 rows, 16 channels) costs more than the {@code C * kh * kw * oh} short copies.
   */
  private record Geometry(
      int n,
      int c,
      int h,
      int wd,
      int o,
      int og,
      int ckg,
      int kk,
      int oh,
      int ow,
      int groups,
      Window2d w,
      boolean flat) {
    static Geometry of(Strided in, Strided weight, Window2d w, int groups) {
      long[] s = in.shape();
      long[] st = in.stride();
      long[] ws = weight.shape();
      int kk = w.kernelH() * w.kernelW();
      long rows = ws[1] * kk; // rows of the columns: C * kh * kw
      long oh = w.outH(s[2]);
      boolean flat =
          w.strideH() == 1
              && w.strideW() == 1
              && w.padH() == 0
              && w.padW() == 0
              && st[3] == 1
              && st[2] == s[3]
              && rows + ws[0] * oh < rows * oh;
      return new Geometry(
          (int) s[0],
          (int) s[1],
          (int) s[2],
          (int) s[3],
          (int) ws[0],
          (int) (ws[0] / groups),
          (int) ws[1] * kk,
          kk,
          (int) w.outH(s[2]),
          (int) w.outW(s[3]),
          groups,
          w,
          flat);
    }

    /** Output positions of one channel. */
    int l() {
      return oh * ow;
    }

    /**
     * Length of a row of the columns: when flat, {@code oh * wd} or {@link #padded} if longer, else
     * {@link #l}.
     */
    int lw() {
      return flat ? Math.max(oh * wd, padded()) : l();
    }

    /** The elements of a flat row that are not junk at its end: {@code (oh - 1) * wd + ow}. */
    int run() {
      return (oh - 1) * wd + ow;
    }

    /**
     * {@link #run} rounded up to whole {@link FloatOps#partials} (vectors): a flat weight gradient
     * runs its dot products over this length, the extra elements being zero in both operands, so
     * that they need no masked k tail.
     */
    int padded() {
      int v = F.partials();
      return (run() + v - 1) / v * v;
    }

    /** Offset in the plane of window position {@code (ki, kj)} of a flat layout. */
    int shift(int ki, int kj) {
      return ki * w.dilationH() * wd + kj * w.dilationW();
    }

    /** Elements of one sample's columns. */
    int colsSize() {
      return c * kk * lw();
    }
  }

  private static float[] floats(Strided s) {
    return s != null && s.dtype() == DType.FLOAT32 && s.storage().array() instanceof float[] f
        ? f
        : null;
  }

  private static float[] buffer(int which, int size) {
    float[][] b = BUFFERS.get();
    if (b[which].length < size) {
      b[which] = new float[size];
    }
    return b[which];
  }

  /** {@code out = conv2d(in)}, then relu on it when {@code relu}; false when not applicable. */
  static boolean forward(
      Strided in, Strided weight, Strided bias, Window2d w, int groups, boolean relu, Strided out) {
    return floats(out) != null && forward(in, weight, bias, w, groups, relu, out, null, null);
  }

  /**
   * {@code pooled} and {@code indices} (int64; null when not needed) = 2x2 max pooling with stride
   * 2 of {@code relu(conv2d(in))}, each sample pooled from a per-thread buffer while in cache;
   * false when not applicable (other pooling windows included).
   */
  static boolean forwardPooled(
      Strided in,
      Strided weight,
      Strided bias,
      Window2d w,
      int groups,
      Window2d pool,
      Strided pooled,
      Strided indices) {
    return pool.equals(POOL_2X2)
        && floats(pooled) != null
        && (indices == null || longs(indices) != null)
        && forward(in, weight, bias, w, groups, true, null, pooled, indices);
  }

  private static long[] scratchIndices(int size) {
    long[][] b = SCRATCH_INDICES.get();
    if (b[0].length < size) {
      b[0] = new long[size];
    }
    return b[0];
  }

  private static long[] longs(Strided s) {
    return s != null && s.storage().array() instanceof long[] l ? l : null;
  }

  /** Into {@code out}, or when it is null pooled into {@code pooled} and {@code indices}. */
  private static boolean forward(
      Strided in,
      Strided weight,
      Strided bias,
      Window2d w,
      int groups,
      boolean relu,
      Strided out,
      Strided pooled,
      Strided indices) {
    float[] fi = floats(in);
    float[] fw = floats(weight);
    float[] fb = floats(bias);
    float[] fo = floats(out);
    Geometry d = Geometry.of(in, weight, w, groups);
    if (fi == null || fw == null || (bias != null && fb == null) || !fits(d, in)) {
      return false;
    }
    float[] fp = floats(pooled);
    long[] fx = longs(indices);
    if (out == null && direct(d, in)) {
      forwardDirect(fi, in, fw, (int) weight.offset(), fb, bias, d, fp, pooled, fx, indices);
      return true;
    }
    int ph = d.oh() / 2;
    int pw = d.ow() / 2;
    Parallel.forRange(
        d.n(),
        (long) d.o() * d.ckg() * d.l(),
        (s, e) -> {
          float[] cols = buffer(0, d.colsSize());
          // flat: the product has junk columns, so it goes to a buffer and is compacted, unless
          // pooled; pooled and compact: each sample's output goes to a buffer first
          float[] dst =
              d.flat() ? buffer(3, d.o() * d.lw()) : out == null ? buffer(4, d.o() * d.l()) : fo;
          for (int i = (int) s; i < e; i++) {
            unfold(fi, in, i, d, cols);
            int y = out == null ? 0 : (int) out.offset() + i * d.o() * d.l();
            int y0 = d.flat() ? 0 : y;
            for (int g = 0; g < groups; g++) {
              F.gemm(
                  new FloatMatrix(fw, (int) weight.offset() + g * d.og() * d.ckg(), d.ckg(), 1),
                  new FloatMatrix(cols, g * d.ckg() * d.lw(), d.lw(), 1),
                  new FloatMatrix(dst, y0 + g * d.og() * d.lw(), d.lw(), 1),
                  d.ckg(),
                  0,
                  d.og(),
                  0,
                  d.flat() ? d.run() : d.l());
            }
            int len = d.flat() ? d.run() : d.l();
            for (int oc = 0; oc < d.o(); oc++) {
              int row = y0 + oc * d.lw();
              if (fb != null) {
                float v = fb[(int) (bias.offset() + oc * bias.stride()[0])];
                F.binaryScalar(BinaryOp.ADD, dst, row, v, dst, row, len);
              }
              if (relu) {
                F.unary(UnaryOp.RELU, dst, row, dst, row, len);
              }
              for (int oy = 0; d.flat() && out != null && oy < d.oh(); oy++) {
                System.arraycopy(dst, row + oy * d.wd(), fo, y + oc * d.l() + oy * d.ow(), d.ow());
              }
            }
            // no indices to keep: each plane's go to a per-thread scratch buffer
            long[] ix = out == null && fx == null ? scratchIndices(ph * pw) : fx;
            for (int oc = 0; out == null && oc < d.o(); oc++) {
              int at = (i * d.o() + oc) * ph * pw;
              F.maxPool2x2(
                  dst,
                  oc * d.lw(),
                  d.flat() ? d.wd() : d.ow(),
                  d.ow(),
                  ph,
                  pw,
                  fp,
                  (int) pooled.offset() + at,
                  ix,
                  fx == null ? 0 : (int) indices.offset() + at);
            }
          }
        });
    return true;
  }

  /**
   * True when {@link FloatOps#convReluMaxPool2x2} computes this convolution: one group, a 3x3
   * window with stride 1 and no padding or dilation, a contiguous input and output channels in
   * whole blocks of the kernel.
   */
  private static boolean direct(Geometry d, Strided in) {
    Window2d w = d.w();
    int block = F.directConvBlock();
    return block > 0
        && d.o() % block == 0
        && d.groups() == 1
        && w.kernelH() == 3
        && w.kernelW() == 3
        && w.strideH() == 1
        && w.strideW() == 1
        && w.padH() == 0
        && w.padW() == 0
        && w.dilationH() == 1
        && w.dilationW() == 1
        && in.isContiguous();
  }

  /** The weight at {@code fw[wo]} and the bias (null for none) laid out for the direct kernels. */
  private static DirectConv pack(float[] fw, int wo, float[] fb, Strided bias, Geometry d) {
    int lanes = F.directConvBlock() / 2; // a block is two vectors
    return DirectConv.pack(
        fw,
        wo,
        fb,
        fb == null ? 0 : (int) bias.offset(),
        fb == null ? 0 : (int) bias.stride()[0],
        d.c(),
        d.h(),
        d.wd(),
        d.o(),
        lanes);
  }

  /** The pooled forward by {@link FloatOps#convReluMaxPool2x2}, samples split over threads. */
  private static void forwardDirect(
      float[] fi,
      Strided in,
      float[] fw,
      int wo,
      float[] fb,
      Strided bias,
      Geometry d,
      float[] fp,
      Strided pooled,
      long[] fx,
      Strided indices) {
    DirectConv k = pack(fw, wo, fb, bias, d);
    int sampleIn = d.c() * d.h() * d.wd();
    int sampleOut = d.o() * k.ph() * k.pw();
    Parallel.forRange(
        d.n(),
        (long) d.o() * d.ckg() * d.l(),
        (s, e) -> {
          for (int i = (int) s; i < e; i++) {
            F.convReluMaxPool2x2(
                k,
                fi,
                (int) in.offset() + i * sampleIn,
                fp,
                (int) pooled.offset() + i * sampleOut,
                fx,
                fx == null ? 0 : (int) indices.offset() + i * sampleOut);
          }
        });
  }

  /**
   * The gradients of {@link #forward} from {@code grad}; with a fused relu, {@code result} is its
   * output (else null). False when not applicable.
   */
  static boolean backward(
      Strided grad,
      Strided result,
      Strided in,
      Strided weight,
      Window2d w,
      int groups,
      Strided gradInput,
      Strided gradWeight,
      Strided gradBias) {
    return backward(
        grad, result, null, null, in, weight, w, groups, gradInput, gradWeight, gradBias);
  }

  /**
   * The gradients of {@link #forwardPooled} from {@code grad}, the gradient of its {@code pooled}
   * output; false when not applicable.
   */
  static boolean backwardPooled(
      Strided grad,
      Strided pooled,
      Strided indices,
      Strided in,
      Strided weight,
      Window2d w,
      int groups,
      Window2d pool,
      Strided gradInput,
      Strided gradWeight,
      Strided gradBias) {
    return pool.equals(POOL_2X2)
        && floats(pooled) != null
        && longs(indices) != null
        && backward(
            grad, null, pooled, indices, in, weight, w, groups, gradInput, gradWeight, gradBias);
  }

  private static boolean backward(
      Strided grad,
      Strided result,
      Strided pooled,
      Strided indices,
      Strided in,
      Strided weight,
      Window2d w,
      int groups,
      Strided gradInput,
      Strided gradWeight,
      Strided gradBias) {
    float[] fg0 = floats(grad);
    float[] fp = floats(pooled);
    long[] fx = longs(indices);
    float[] fr = floats(result);
    float[] fi = floats(in);
    float[] fw = floats(weight);
    float[] fgi = floats(gradInput);
    float[] fgw = floats(gradWeight);
    float[] fgb = floats(gradBias);
    Geometry d = Geometry.of(in, weight, w, groups);
    if (fg0 == null
        || (result != null && fr == null)
        || fi == null
        || fw == null
        || (gradInput != null && fgi == null)
        || (gradWeight != null && fgw == null)
        || (gradBias != null && fgb == null)
        || !fits(d, in)) {
      return false;
    }
    if (fp != null
        && direct(d, in)
        && (gradInput == null || gradInput.isContiguous())
        && F.allFinite(fw, (int) weight.offset(), d.o() * d.ckg())
        && (gradWeight == null || F.allFinite(fi, (int) in.offset(), (int) in.numel()))) {
      backwardDirect(grad, pooled, indices, in, weight, d, gradInput, gradWeight, gradBias);
      return true;
    }
    Geometry compact =
        new Geometry(
            d.n(), d.c(), d.h(), d.wd(), d.o(), d.og(), d.ckg(), d.kk(), d.oh(), d.ow(), groups, w,
            false);
    // The flat gradients rely on the junk columns of their products being zero: the input's
    // needs a finite weight, the weight's a finite input sample.
    Geometry folding =
        d.flat() && F.allFinite(fw, (int) weight.offset(), d.o() * d.ckg()) ? d : compact;
    inBlocks(
        d,
        (first, last) -> {
          float[] partW = gradWeight == null ? null : buffer(2, d.o() * d.ckg() * F.partials());
          if (partW != null) {
            java.util.Arrays.fill(partW, 0, d.o() * d.ckg() * F.partials(), 0f);
          }
          double[] accB = gradBias == null ? null : new double[d.o()];
          for (int i = first; i < last; i++) {
            float[] fg =
                fp != null
                    ? unpooled(fg0, grad, fp, pooled, fx, indices, i, d)
                    : fr != null ? masked(fg0, grad, fr, result, i, d) : fg0;
            int g0 = fg == fg0 ? (int) grad.offset() + i * d.o() * d.l() : 0;
            boolean flatW = partW != null && d.flat() && finiteSample(fi, in, i, d);
            float[] wide = folding.flat() || flatW ? widen(fg, g0, d) : null;
            if (partW != null) {
              weightGradient(
                  flatW ? wide : fg, flatW ? 0 : g0, fi, in, i, flatW ? d : compact, partW);
            }
            if (accB != null) {
              for (int oc = 0; oc < d.o(); oc++) {
                accB[oc] += F.sum(fg, g0 + oc * d.l(), d.l());
              }
            }
            if (fgi != null) {
              inputGradient(fg, g0, wide, fw, (int) weight.offset(), folding, fgi, gradInput, i);
            }
          }
          return new double[][] {
            partW == null ? null : finish(partW, d.o() * d.ckg(), F.partials()), accB
          };
        },
        gradWeight,
        gradBias);
    return true;
  }

  /**
   * The pooled backward by {@link FloatOps#convReluMaxPool2x2Backward}, samples split over threads
   * in blocks whose weight and bias sums are added in block order.
   */
  private static void backwardDirect(
      Strided grad,
      Strided pooled,
      Strided indices,
      Strided in,
      Strided weight,
      Geometry d,
      Strided gradInput,
      Strided gradWeight,
      Strided gradBias) {
    DirectConv k = pack(floats(weight), (int) weight.offset(), null, null, d);
    float[] fgi = floats(gradInput);
    ConvPoolBatch b =
        new ConvPoolBatch(
            floats(grad),
            (int) grad.offset(),
            floats(pooled),
            (int) pooled.offset(),
            longs(indices),
            (int) indices.offset(),
            floats(in),
            (int) in.offset(),
            fgi,
            fgi == null ? 0 : (int) gradInput.offset());
    inBlocks(
        d,
        (first, last) -> {
          double[] accW = gradWeight == null ? null : new double[k.filters().length];
          double[] accB = gradBias == null ? null : new double[d.o()];
          for (int i = first; i < last; i++) {
            F.convReluMaxPool2x2Backward(k, b, i, accW, accB);
          }
          return new double[][] {accW == null ? null : unpackFilters(accW, k), accB};
        },
        gradWeight,
        gradBias);
  }

  /**
   * {@link DirectConv#filters}' layout {@code [o, 9, cp]} back to the weight's {@code [o, c, 3,
   * 3]}.
   */
  private static double[] unpackFilters(double[] f, DirectConv k) {
    int taps = DirectConv.TAPS;
    double[] w = new double[k.o() * k.c() * taps];
    for (int oc = 0; oc < k.o(); oc++) {
      for (int c = 0; c < k.c(); c++) {
        for (int t = 0; t < taps; t++) {
          w[(oc * k.c() + c) * taps + t] = f[(oc * taps + t) * k.cp() + c];
        }
      }
    }
    return w;
  }

  /** One block's sums: the samples {@code [first, last)}'s weight and bias gradients. */
  private interface Block {
    /** The weight's and the bias's sums in double, each null when not wanted. */
    double[][] sums(int first, int last);
  }

  /**
   * Runs {@code block} over as many blocks of samples as there are threads, then stores the blocks'
   * weight and bias sums, added in block order (so the result does not depend on which thread ran
   * which block), into {@code gradWeight} and {@code gradBias} (each null for none).
   */
  private static void inBlocks(Geometry d, Block block, Strided gradWeight, Strided gradBias) {
    int blocks = Math.min(Parallel.threads(), d.n());
    double[][] sumW = new double[blocks][];
    double[][] sumB = new double[blocks][];
    Parallel.forRange(
        blocks,
        (long) d.n() * d.o() * d.ckg() * d.l() / blocks,
        (s, e) -> {
          for (int blk = (int) s; blk < e; blk++) {
            double[][] sums = block.sums(d.n() * blk / blocks, d.n() * (blk + 1) / blocks);
            sumW[blk] = sums[0];
            sumB[blk] = sums[1];
          }
        });
    if (gradWeight != null) {
      store(sumW, floats(gradWeight), (int) gradWeight.offset(), 1);
    }
    if (gradBias != null) {
      store(sumB, floats(gradBias), (int) gradBias.offset(), (int) gradBias.stride()[0]);
    }
  }

  /** Sample {@code i}'s output gradient where the fused relu's output is positive, else 0. */
  private static float[] masked(
      float[] fg, Strided grad, float[] fr, Strided result, int i, Geometry d) {
    int n = d.o() * d.l();
    float[] m = buffer(4, n);
    F.binary(
        BinaryOp.RELU_BACKWARD,
        fg,
        (int) grad.offset() + i * n,
        fr,
        (int) result.offset() + i * n,
        m,
        0,
        n);
    return m;
  }

  /**
   * Sample {@code i}'s output gradient from that of its 2x2 pooling: each pooled gradient at the
   * position its maximum came from, masked by the relu where that maximum (the relu's output) is
   * not positive; 0 elsewhere. The mask is taken with vectors, a plane at a time: as a branch per
   * element it was mispredicted about half the time, and unpooling took 2.4 times as long.
   */
  private static float[] unpooled(
      float[] fg,
      Strided grad,
      float[] fp,
      Strided pooled,
      long[] fx,
      Strided indices,
      int i,
      Geometry d) {
    int n = d.o() * d.l();
    int per = (d.oh() / 2) * (d.ow() / 2);
    float[] m = buffer(4, n);
    float[] v = buffer(5, per);
    java.util.Arrays.fill(m, 0, n, 0f);
    for (int oc = 0; oc < d.o(); oc++) {
      int at = (i * d.o() + oc) * per;
      F.binary(
          BinaryOp.RELU_BACKWARD,
          fg,
          (int) grad.offset() + at,
          fp,
          (int) pooled.offset() + at,
          v,
          0,
          per);
      int x = (int) indices.offset() + at;
      for (int j = 0; j < per; j++) {
        m[oc * d.l() + (int) fx[x + j]] += v[j];
      }
    }
    return m;
  }

  /**
   * Sample {@code i}'s output gradient widened to flat rows of {@code wd} with zero junk, so that
   * the junk columns of a product with it are zero.
   */
  private static float[] widen(float[] fg, int g0, Geometry d) {
    float[] wide = buffer(3, d.o() * d.lw());
    java.util.Arrays.fill(wide, 0, d.o() * d.lw(), 0f);
    for (int oc = 0; oc < d.o(); oc++) {
      for (int oy = 0; oy < d.oh(); oy++) {
        System.arraycopy(
            fg, g0 + oc * d.l() + oy * d.ow(), wide, oc * d.lw() + oy * d.wd(), d.ow());
      }
    }
    return wide;
  }

  /**
   * Adds sample {@code i}'s weight gradient, {@code grad[i] @ cols^T} per group, to the unfinished
   * sums {@code part} ({@link FloatOps#gemmPartials}). When flat, {@code fg} is the widened output
   * gradient, whose zero junk columns cancel those of the columns (the sample being finite).
   */
  private static void weightGradient(
      float[] fg, int g0, float[] fi, Strided in, int i, Geometry d, float[] part) {
    float[] cols = buffer(0, d.colsSize());
    unfold(fi, in, i, d, cols);
    for (int g = 0; g < d.groups(); g++) {
      F.gemmPartials(
          new FloatMatrix(fg, g0 + g * d.og() * d.lw(), d.lw(), 1),
          new FloatMatrix(cols, g * d.ckg() * d.lw(), 1, d.lw()),
          d.flat() ? d.padded() : d.l(),
          d.og(),
          d.ckg(),
          part,
          g * d.og() * d.ckg() * F.partials());
    }
  }

  /** The sums of {@code n} unfinished sums: {@code parts} floats per element, added in double. */
  private static double[] finish(float[] part, int n, int parts) {
    double[] sum = new double[n];
    for (int t = 0; t < sum.length; t++) {
      double v = 0;
      for (int q = 0; q < parts; q++) {
        v += part[t * parts + q];
      }
      sum[t] = v;
    }
    return sum;
  }

  /**
   * Sample {@code i}'s input gradient: {@code weight^T @ grad[i]} per group, folded back. When
   * flat, the product is taken over the widened gradient {@code wide}, so that its junk columns are
   * zero (the weight being finite) and each row of it folds back as one addition; each input
   * element still receives its terms in the same order.
   */
  private static void inputGradient(
      float[] fg,
      int g0,
      float[] wide,
      float[] fw,
      int w0,
      Geometry d,
      float[] fgi,
      Strided gradInput,
      int i) {
    float[] dcols = buffer(1, d.colsSize());
    float[] gb = d.flat() ? wide : fg;
    int gb0 = d.flat() ? 0 : g0;
    for (int g = 0; g < d.groups(); g++) {
      F.gemm(
          new FloatMatrix(fw, w0 + g * d.og() * d.ckg(), 1, d.ckg()),
          new FloatMatrix(gb, gb0 + g * d.og() * d.lw(), d.lw(), 1),
          new FloatMatrix(dcols, g * d.ckg() * d.lw(), d.lw(), 1),
          d.og(),
          0,
          d.ckg(),
          0,
          d.flat() ? d.run() : d.l());
    }
    Window2d w = d.w();
    int plane = d.h() * d.wd();
    long[] cs = {d.colsSize(), d.l(), 1};
    for (int ch = 0; ch < d.c(); ch++) {
      int dst = (int) gradInput.offset() + (i * d.c() + ch) * plane;
      if (!d.flat()) {
        Windows.col2imFloat(
            dcols, (long) ch * d.kk() * d.l(), cs, w, fgi, dst, d.h(), d.wd(), d.oh(), d.ow());
        continue;
      }
      for (int ki = 0, r = ch * d.kk(); ki < w.kernelH(); ki++) {
        for (int kj = 0; kj < w.kernelW(); kj++, r++) {
          int at = dst + d.shift(ki, kj);
          F.binary(BinaryOp.ADD, fgi, at, dcols, r * d.lw(), fgi, at, d.run());
        }
      }
    }
  }

  /**
   * Sample {@code i}'s columns [C*kh*kw, lw] into {@code cols}; when flat, each row zero from
   * {@link Geometry#run} to {@link Geometry#padded}.
   */
  private static void unfold(float[] fi, Strided in, int i, Geometry d, float[] cols) {
    long[] st = in.stride();
    Window2d w = d.w();
    for (int ch = 0; ch < d.c(); ch++) {
      int base = (int) (in.offset() + i * st[0] + ch * st[1]);
      if (!d.flat()) {
        Windows.im2colFloat(
            fi, base, st, d.h(), d.wd(), w, cols, ch * d.kk() * d.l(), d.oh(), d.ow());
        continue;
      }
      for (int ki = 0, r = ch * d.kk(); ki < w.kernelH(); ki++) {
        for (int kj = 0; kj < w.kernelW(); kj++, r++) {
          System.arraycopy(fi, base + d.shift(ki, kj), cols, r * d.lw(), d.run());
          java.util.Arrays.fill(cols, r * d.lw() + d.run(), r * d.lw() + d.padded(), 0f);
        }
      }
    }
  }

  /** True when every input element of sample {@code i} is finite (a flat layout's planes). */
  private static boolean finiteSample(float[] fi, Strided in, int i, Geometry d) {
    long[] st = in.stride();
    for (int ch = 0; ch < d.c(); ch++) {
      if (!F.allFinite(fi, (int) (in.offset() + i * st[0] + ch * st[1]), d.h() * d.wd())) {
        return false;
      }
    }
    return true;
  }

  /** The per-block sums added in block order, rounded once. */
  private static void store(double[][] partial, float[] out, int offset, int stride) {
    for (int t = 0; t < partial[0].length; t++) {
      double v = 0;
      for (double[] p : partial) {
        v += p[t];
      }
      out[offset + t * stride] = (float) v;
    }
  }

  /** True when there is a sample per thread and one sample's columns fit in an array. */
  private static boolean fits(Geometry d, Strided in) {
    return d.n() >= Parallel.threads()
        && (long) d.c() * d.kk() * d.oh() * Math.max(d.wd(), d.ow()) < Integer.MAX_VALUE
        && (long) d.o() * d.oh() * Math.max(d.wd(), d.ow()) < Integer.MAX_VALUE;
  }
}
