package jtorch.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API matrix-product tile behind {@link VectorFloatOps#gemm}. Both operands are packed
 * per tile into per-thread buffers, which is what lets them have any strides: A into panels of
 * {@link #MR} rows stored column by column, B into strips two vectors wide stored row by row (so
 * the k loop streams both instead of striding over rows, which thrashes cache sets for large
 * sizes). A panel times a strip then stays in {@code 2 * MR} vector accumulators over the whole k
 * loop, so each loaded vector of B feeds {@code MR} FMAs. Ragged edges are packed with zeros and
 * computed into a small buffer, of which only the real rows and columns are copied out. A row-major
 * B under a tile of few rows (a convolution's weight times its columns) is read in place: each
 * strip is read only a few times, and packing it cost a fifth of the product.
 *
 * <p>When both operands run along k in memory (A row-major, B transposed: {@code x @ w.t()} and the
 * weight gradients {@code g @ cols^T}), the tile is computed as dot products vectorised along k
 * instead ({@link #dotTile}): those products have few rows and long k, where packing B would cost
 * about as much as the arithmetic.
 */
final class VectorGemm {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();

  /** Columns of one strip of B: two vectors. */
  private static final int W = 2 * V;

  /** Rows of one panel of A. */
  private static final int MR = 4;

  /** The most panels of A for which a row-major B is read in place rather than packed. */
  private static final int DIRECT_PANELS = 8;

  /** Packing buffers of one thread, grown on demand. */
  private static final class Buffers {
    float[] a = new float[0];
    float[] b = new float[0];
    final float[] edge = new float[MR * W];
    final float[] lanes = new float[16 * V];
  }

  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  private VectorGemm() {}

  static void gemm(
      FloatMatrix a, FloatMatrix b, FloatMatrix c, int k, int r0, int r1, int j0, int j1) {
    if (r0 >= r1 || j0 >= j1) {
      return;
    }
    if (a.colStride() == 1 && b.rowStride() == 1 && k >= 2 * V) {
      dotTile(a, b, c, k, r0, r1, j0, j1);
      return;
    }
    Buffers buf = BUFFERS.get();
    int panels = (r1 - r0 + MR - 1) / MR;
    if (buf.a.length < panels * MR * k) {
      buf.a = new float[panels * MR * k];
    }
    if (buf.b.length < k * W) {
      buf.b = new float[k * W];
    }
    float[] pa = buf.a;
    float[] pb = buf.b;
    packA(a, k, r0, r1, pa);
    float[] cd = c.data();
    int ldc = c.rowStride();
    // Few panels read each strip of a row-major B only a few times: in place, not packed.
    boolean direct = b.colStride() == 1 && panels <= DIRECT_PANELS;
    for (int j = j0; j < j1; j += W) {
      int cols = Math.min(W, j1 - j);
      float[] bs = pb;
      int b0 = 0;
      int ldb = W;
      if (direct && cols == W) {
        bs = b.data();
        b0 = b.offset() + j;
        ldb = b.rowStride();
      } else {
        packB(b, k, j, cols, pb);
      }
      for (int q = 0; q < panels; q++) {
        int i = r0 + q * MR;
        int rows = Math.min(MR, r1 - i);
        int ci = c.offset() + i * ldc + j;
        if (rows == MR && cols == W) {
          kernel(pa, q * MR * k, k, bs, b0, ldb, cd, ci, ldc);
        } else {
          kernel(pa, q * MR * k, k, bs, b0, ldb, buf.edge, 0, W);
          for (int r = 0; r < rows; r++) {
            System.arraycopy(buf.edge, r * W, cd, ci + r * ldc, cols);
          }
        }
      }
    }
  }

  /** {@code pa[q*MR*k + p*MR + r] = A[r0 + q*MR + r, p]}, zero below row {@code r1}. */
  private static void packA(FloatMatrix a, int k, int r0, int r1, float[] pa) {
    float[] d = a.data();
    int rs = a.rowStride();
    int cs = a.colStride();
    for (int i = r0, q = 0; i < r1; i += MR, q += MR * k) {
      int rows = Math.min(MR, r1 - i);
      int base = a.offset() + i * rs;
      if (rows < MR) {
        java.util.Arrays.fill(pa, q, q + MR * k, 0f);
      }
      if (rs == 1) { // A transposed: the rows of a panel are adjacent in memory
        for (int p = 0, src = base, dst = q; p < k; p++, src += cs, dst += MR) {
          System.arraycopy(d, src, pa, dst, rows);
        }
        continue;
      }
      for (int r = 0; r < rows; r++) {
        for (int p = 0, src = base + r * rs, dst = q + r; p < k; p++, src += cs, dst += MR) {
          pa[dst] = d[src];
        }
      }
    }
  }

  /** {@code pb[p*W + jj] = B[p, j + jj]} for {@code jj < cols}, zero beyond. */
  private static void packB(FloatMatrix b, int k, int j, int cols, float[] pb) {
    float[] d = b.data();
    int rs = b.rowStride();
    int cs = b.colStride();
    int base = b.offset() + j * cs;
    if (cs == 1) {
      for (int p = 0; p < k; p++) {
        System.arraycopy(d, base + p * rs, pb, p * W, cols);
      }
    } else {
      for (int jj = 0; jj < cols; jj++) {
        for (int p = 0, src = base + jj * cs, dst = jj; p < k; p++, src += rs, dst += W) {
          pb[dst] = d[src];
        }
      }
    }
    if (cols < W) {
      for (int p = 0; p < k; p++) {
        java.util.Arrays.fill(pb, p * W + cols, (p + 1) * W, 0f);
      }
    }
  }

  private static void kernel(
      float[] pa, int ap, int k, float[] pb, int b0, int ldb, float[] c, int ci, int ldc) {
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
    for (int p = 0, bp = b0; p < k; p++, bp += ldb, ap += MR) {
      FloatVector y0 = FloatVector.fromArray(S, pb, bp);
      FloatVector y1 = FloatVector.fromArray(S, pb, bp + V);
      FloatVector x = FloatVector.broadcast(S, pa[ap]);
      c00 = y0.fma(x, c00);
      c01 = y1.fma(x, c01);
      x = FloatVector.broadcast(S, pa[ap + 1]);
      c10 = y0.fma(x, c10);
      c11 = y1.fma(x, c11);
      x = FloatVector.broadcast(S, pa[ap + 2]);
      c20 = y0.fma(x, c20);
      c21 = y1.fma(x, c21);
      x = FloatVector.broadcast(S, pa[ap + 3]);
      c30 = y0.fma(x, c30);
      c31 = y1.fma(x, c31);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + V);
    c10.intoArray(c, ci + ldc);
    c11.intoArray(c, ci + ldc + V);
    c20.intoArray(c, ci + 2 * ldc);
    c21.intoArray(c, ci + 2 * ldc + V);
    c30.intoArray(c, ci + 3 * ldc);
    c31.intoArray(c, ci + 3 * ldc + V);
  }

  /**
   * {@code C[i, j] = dot(A[i, :], B[:, j])} with both read along k in place: blocks of four rows of
   * A by four columns of B keep sixteen vector accumulators, reduced across lanes at the end; the k
   * tail and the ragged rows and columns run one dot product at a time.
   */
  private static void dotTile(
      FloatMatrix a, FloatMatrix b, FloatMatrix c, int k, int r0, int r1, int j0, int j1) {
    float[] ad = a.data();
    float[] bd = b.data();
    float[] cd = c.data();
    int lda = a.rowStride();
    int ldb = b.colStride();
    int ldc = c.rowStride();
    float[] lanes = BUFFERS.get().lanes;
    int i = r0;
    for (; i + 4 <= r1; i += 4) {
      int ai = a.offset() + i * lda;
      int j = j0;
      for (; j + 4 <= j1; j += 4) {
        int bj = b.offset() + j * ldb;
        dot4x4(ad, ai, lda, bd, bj, ldb, k, lanes);
        tail4x4(ad, ai, lda, bd, bj, ldb, k, lanes, 0, 4 * V);
        for (int r = 0; r < 4; r++) {
          for (int q = 0; q < 4; q++) {
            cd[c.offset() + (i + r) * ldc + j + q] = finish(lanes, (r * 4 + q) * V);
          }
        }
      }
      for (; j < j1; j++) {
        for (int r = 0; r < 4; r++) {
          cd[c.offset() + (i + r) * ldc + j] =
              dot(ad, ai + r * lda, bd, b.offset() + j * ldb, k, lanes);
        }
      }
    }
    for (; i < r1; i++) {
      for (int j = j0; j < j1; j++) {
        cd[c.offset() + i * ldc + j] =
            dot(ad, a.offset() + i * lda, bd, b.offset() + j * ldb, k, lanes);
      }
    }
  }

  /**
   * The {@code V} accumulator lanes at {@code lanes[at]} summed in order. In scalar code, and not
   * with {@code reduceLanes(ADD)}, whose order differs between the interpreter and compiled code
   * (so results would depend on when the JIT compiled this class); and out of the vector loop's
   * method, which stays small enough for the JIT to inline all of its vector operations.
   */
  private static float finish(float[] lanes, int at) {
    float s = lanes[at];
    for (int l = 1; l < V; l++) {
      s += lanes[at + l];
    }
    return s;
  }

  private static float dot(float[] a, int ai, float[] b, int bj, int k, float[] lanes) {
    java.util.Arrays.fill(lanes, 0, V, 0f);
    addPartials(a, ai, b, bj, k, lanes, 0);
    return finish(lanes, 0);
  }

  /** Floats per product element in {@link #gemmPartials}: its lanes. */
  static final int PARTIALS = V;

  /**
   * Adds the unfinished sums of {@code A @ B} into {@code acc}: per element of the product, row by
   * row, {@link #PARTIALS} floats that sum to it, the {@code V} lane accumulators of its dot
   * product (the k tail loaded under a mask, so it lands in the lanes too). Adding over many
   * products before summing the lanes once saves the lane sum per product, which for the short dot
   * products of a convolution's weight gradient costs more than the products.
   */
  static void gemmPartials(
      FloatMatrix a, FloatMatrix b, int k, int rows, int cols, float[] acc, int at) {
    float[] ad = a.data();
    float[] bd = b.data();
    int lda = a.rowStride();
    int ldb = b.colStride();
    float[] lanes = BUFFERS.get().lanes;
    int i = 0;
    for (; i + 4 <= rows; i += 4) {
      int j = 0;
      for (; j + 4 <= cols; j += 4) {
        dot4x4(ad, a.offset() + i * lda, lda, bd, b.offset() + j * ldb, ldb, k, lanes);
        for (int r = 0; r < 4; r++) {
          for (int q = 0; q < 4; q++) {
            int e = at + ((i + r) * cols + j + q) * PARTIALS;
            FloatVector.fromArray(S, lanes, (r * 4 + q) * V)
                .add(FloatVector.fromArray(S, acc, e))
                .intoArray(acc, e);
          }
        }
        tail4x4(
            ad,
            a.offset() + i * lda,
            lda,
            bd,
            b.offset() + j * ldb,
            ldb,
            k,
            acc,
            at + (i * cols + j) * PARTIALS,
            cols * PARTIALS);
      }
      for (; j < cols; j++) {
        for (int r = i; r < i + 4; r++) {
          addPartials(
              ad,
              a.offset() + r * lda,
              bd,
              b.offset() + j * ldb,
              k,
              acc,
              at + (r * cols + j) * PARTIALS);
        }
      }
    }
    for (; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        addPartials(
            ad,
            a.offset() + i * lda,
            bd,
            b.offset() + j * ldb,
            k,
            acc,
            at + (i * cols + j) * PARTIALS);
      }
    }
  }

  /**
   * One dot product over {@code [0, k)}, added to its lanes at {@code acc[e]}. The vectors stay
   * inside this method: a vector returned from an uninlined call is boxed.
   */
  private static void addPartials(float[] a, int ai, float[] b, int bj, int k, float[] acc, int e) {
    FloatVector s = FloatVector.fromArray(S, acc, e);
    int kb = S.loopBound(k);
    for (int p = 0; p < kb; p += V) {
      s = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), s);
    }
    if (kb < k) {
      VectorMask<Float> m = S.indexInRange(kb, k);
      s = FloatVector.fromArray(S, a, ai + kb, m).fma(FloatVector.fromArray(S, b, bj + kb, m), s);
    }
    s.intoArray(acc, e);
  }

  /**
   * The k tail {@code [loopBound(k), k)} of {@link #dot4x4}'s sixteen dot products, one masked step
   * each, added to their lanes: those of row {@code r}, column {@code q} at {@code lanes[at + r *
   * rowStep + q * V]}.
   */
  private static void tail4x4(
      float[] a,
      int ai,
      int lda,
      float[] b,
      int bj,
      int ldb,
      int k,
      float[] lanes,
      int at,
      int rowStep) {
    int kb = S.loopBound(k);
    if (kb == k) {
      return;
    }
    for (int r = 0; r < 4; r++) {
      for (int q = 0; q < 4; q++) {
        addPartials(
            a, ai + r * lda + kb, b, bj + q * ldb + kb, k - kb, lanes, at + r * rowStep + q * V);
      }
    }
  }

  /**
   * The sixteen lane accumulators of the dot products of rows {@code ai + r * lda} of {@code a}
   * with rows {@code bj + q * ldb} of {@code b} over the whole vectors of {@code [0, k)}, stored at
   * {@code lanes[(r * 4 + q) * V]}. The k tail is left to the caller ({@link #tail4x4}): in here,
   * or called from here, it makes the method too big for the JIT's inlining budget in some runs and
   * not others, and then its vector operations are boxed (13 MB of garbage a training step).
   */
  private static void dot4x4(
      float[] a, int ai, int lda, float[] b, int bj, int ldb, int k, float[] lanes) {
    FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
    FloatVector c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
    FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
    FloatVector c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
    FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
    FloatVector c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
    FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
    FloatVector c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
    int a1 = ai + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int b1 = bj + ldb;
    int b2 = b1 + ldb;
    int b3 = b2 + ldb;
    int kb = S.loopBound(k);
    for (int p = 0; p < kb; p += V) {
      FloatVector y0 = FloatVector.fromArray(S, b, bj + p);
      FloatVector y1 = FloatVector.fromArray(S, b, b1 + p);
      FloatVector y2 = FloatVector.fromArray(S, b, b2 + p);
      FloatVector y3 = FloatVector.fromArray(S, b, b3 + p);
      FloatVector x = FloatVector.fromArray(S, a, ai + p);
      c00 = x.fma(y0, c00);
      c01 = x.fma(y1, c01);
      c02 = x.fma(y2, c02);
      c03 = x.fma(y3, c03);
      x = FloatVector.fromArray(S, a, a1 + p);
      c10 = x.fma(y0, c10);
      c11 = x.fma(y1, c11);
      c12 = x.fma(y2, c12);
      c13 = x.fma(y3, c13);
      x = FloatVector.fromArray(S, a, a2 + p);
      c20 = x.fma(y0, c20);
      c21 = x.fma(y1, c21);
      c22 = x.fma(y2, c22);
      c23 = x.fma(y3, c23);
      x = FloatVector.fromArray(S, a, a3 + p);
      c30 = x.fma(y0, c30);
      c31 = x.fma(y1, c31);
      c32 = x.fma(y2, c32);
      c33 = x.fma(y3, c33);
    }
    c00.intoArray(lanes, 0);
    c01.intoArray(lanes, V);
    c02.intoArray(lanes, 2 * V);
    c03.intoArray(lanes, 3 * V);
    c10.intoArray(lanes, 4 * V);
    c11.intoArray(lanes, 5 * V);
    c12.intoArray(lanes, 6 * V);
    c13.intoArray(lanes, 7 * V);
    c20.intoArray(lanes, 8 * V);
    c21.intoArray(lanes, 9 * V);
    c22.intoArray(lanes, 10 * V);
    c23.intoArray(lanes, 11 * V);
    c30.intoArray(lanes, 12 * V);
    c31.intoArray(lanes, 13 * V);
    c32.intoArray(lanes, 14 * V);
    c33.intoArray(lanes, 15 * V);
  }
}
