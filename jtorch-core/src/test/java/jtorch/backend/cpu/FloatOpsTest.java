package jtorch.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Collections;
import java.util.SplittableRandom;
import jtorch.backend.AdadeltaStep;
import jtorch.backend.BinaryOp;
import jtorch.backend.CounterRandom;
import jtorch.backend.SgdStep;
import jtorch.backend.UnaryOp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Vector API loops against the scalar reference, on lengths with and without tails. The test
 * JVM runs with {@code --add-modules jdk.incubator.vector}, so both paths are always compared.
 */
class FloatOpsTest {
  private static final int[] LENGTHS = {0, 1, 7, 16, 33, 1000, 4099};
  private static final ScalarFloatOps SCALAR = new ScalarFloatOps();
  private static FloatOps vector;

  @BeforeAll
  static void loadVector() {
    assumeTrue(
        ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "jdk.incubator.vector is not in the test JVM");
    vector = new VectorFloatOps(0); // no warm-up: every call takes the vector paths
  }

  private static float[] random(int n, long seed, float lo, float hi) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n + 3];
    for (int i = 0; i < a.length; i++) {
      a[i] = lo + (hi - lo) * (float) r.nextDouble();
    }
    return a;
  }

  private static void close(float[] expected, float[] actual, float rel) {
    for (int i = 0; i < expected.length; i++) {
      float tol = rel * Math.max(1, Math.abs(expected[i]));
      assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(tol));
    }
  }

  @Test
  void binaryOpsAgree() {
    for (BinaryOp op : BinaryOp.values()) {
      if (!FloatOps.supports(op)) {
        continue;
      }
      for (int n : LENGTHS) {
        float[] a = random(n, 1, 0.1f, 3f);
        float[] b = random(n, 2, 0.1f, 3f);
        float[] want = new float[n + 3];
        float[] got = new float[n + 3];
        SCALAR.binary(op, a, 1, b, 2, want, 3, n);
        vector.binary(op, a, 1, b, 2, got, 3, n);
        close(want, got, 1e-6f);
        SCALAR.binaryScalar(op, a, 0, 1.7f, want, 0, n);
        vector.binaryScalar(op, a, 0, 1.7f, got, 0, n);
        close(want, got, 1e-6f);
        SCALAR.scalarBinary(op, 1.7f, b, 0, want, 0, n);
        vector.scalarBinary(op, 1.7f, b, 0, got, 0, n);
        close(want, got, 1e-6f);
      }
    }
  }

  @Test
  void reluBackwardPassesTheGradientWhereTheOutputIsPositive() {
    for (int n : LENGTHS) {
      float[] g = random(n, 9, -3f, 3f);
      float[] y = random(n, 10, -1f, 1f);
      if (n > 16) {
        y[3] = Float.NaN; // passes, as ATen's threshold_backward (NaN <= 0 is false)
        y[4] = -0f;
      }
      float[] want = new float[n + 3];
      float[] got = new float[n + 3];
      for (int i = 0; i < n; i++) {
        want[i] = y[i] > 0 || Float.isNaN(y[i]) ? g[i] : 0f;
      }
      SCALAR.binary(BinaryOp.RELU_BACKWARD, g, 0, y, 0, got, 0, n);
      assertThat(got).isEqualTo(want);
      java.util.Arrays.fill(got, 0f);
      vector.binary(BinaryOp.RELU_BACKWARD, g, 0, y, 0, got, 0, n);
      assertThat(got).isEqualTo(want);
    }
  }

  @Test
  void unaryOpsAgree() {
    for (UnaryOp op : UnaryOp.values()) {
      if (!FloatOps.supports(op)) {
        continue;
      }
      for (int n : LENGTHS) {
        float[] a = random(n, 3, op == UnaryOp.LOG || op == UnaryOp.SQRT ? 0.01f : -5f, 5f);
        float[] want = new float[n + 3];
        float[] got = new float[n + 3];
        SCALAR.unary(op, a, 2, want, 1, n);
        vector.unary(op, a, 2, got, 1, n);
        close(want, got, 2e-6f);
      }
    }
  }

  @Test
  void allFiniteFindsEveryNonFiniteValue() {
    for (int n : LENGTHS) {
      float[] a = random(n, 5, -1f, 1f);
      for (FloatOps ops : new FloatOps[] {SCALAR, vector}) {
        assertThat(ops.allFinite(a, 1, n)).as("%s n %d", ops.name(), n).isTrue();
      }
      for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
        for (int at = 0; at < n; at += Math.max(1, n / 7)) { // in the vectors and in the tail
          float[] b = a.clone();
          b[1 + at] = bad;
          for (FloatOps ops : new FloatOps[] {SCALAR, vector}) {
            assertThat(ops.allFinite(b, 1, n))
                .as("%s n %d, %s at %d", ops.name(), n, bad, at)
                .isFalse();
            assertThat(ops.allFinite(b, 2 + at, n - at - 1)).as("after it").isTrue();
          }
        }
      }
    }
  }

  @Test
  void sumsAgree() {
    for (int n : new int[] {0, 5, 1024, 100_003}) {
      float[] a = random(n, 4, -1f, 1f);
      assertThat(vector.sum(a, 1, n)).isCloseTo(SCALAR.sum(a, 1, n), within(1e-3));
    }
  }

  @Test
  void gemmAgreesOnRaggedShapes() {
    int[][] shapes = {
      {1, 1, 1},
      {5, 3, 7},
      {4, 17, 33},
      {9, 64, 31},
      {16, 128, 64},
      {7, 9, 100},
      {13, 600, 70},
      {40, 513, 64},
      {3, 0, 5}
    }; // k beyond 256 crosses the kernel's k blocks; k = 0 must still zero C
    for (int[] s : shapes) {
      int m = s[0];
      int k = s[1];
      int n = s[2];
      // float sums of k products in different orders (FMA or not): error grows like sqrt(k)
      float tol = 1e-5f * (float) Math.max(1, Math.sqrt(k / 64.0));
      float[] a = random(m * k, 5, -1f, 1f);
      float[] b = random(k * n, 6, -1f, 1f);
      // Row-major and transposed (k contiguous in B: the dot-product path) A and B.
      FloatMatrix ra = new FloatMatrix(a, 1, k, 1);
      FloatMatrix ta = new FloatMatrix(a, 1, 1, m);
      FloatMatrix rb = new FloatMatrix(b, 2, n, 1);
      FloatMatrix tb = new FloatMatrix(b, 2, 1, k);
      FloatMatrix[][] operands = {{ra, rb}, {ta, tb}, {ra, tb}, {ta, rb}};
      for (FloatMatrix[] ab : operands) {
        float[] want = new float[m * n + 2];
        float[] got = new float[m * n + 2];
        FloatMatrix cw = new FloatMatrix(want, 2, n, 1);
        FloatMatrix cg = new FloatMatrix(got, 2, n, 1);
        SCALAR.gemm(ab[0], ab[1], cw, k, 0, m, 0, n);
        vector.gemm(ab[0], ab[1], cg, k, 0, m, 0, n);
        close(want, got, tol);
        // A tile: rows [1, m), columns [1, n) only; the rest of C stays untouched.
        java.util.Arrays.fill(want, 0f);
        java.util.Arrays.fill(got, 0f);
        SCALAR.gemm(ab[0], ab[1], cw, k, Math.min(1, m), m, Math.min(1, n), n);
        vector.gemm(ab[0], ab[1], cg, k, Math.min(1, m), m, Math.min(1, n), n);
        close(want, got, tol);
        assertThat(got[2]).isZero();
      }
    }
  }

  @Test
  void maxPoolAgreesWithNaNsAndTies() {
    // 3x3 windows with stride 2 over a 9 x 11 plane: 4 x 5 windows (and a tail for 16 lanes)
    int wd = 11;
    int[] pos = new int[4 * 5];
    for (int oy = 0, p = 0; oy < 4; oy++) {
      for (int ox = 0; ox < 5; ox++, p++) {
        pos[p] = oy * 2 * wd + ox * 2;
      }
    }
    int[] taps = {0, 1, 2, wd, wd + 1, wd + 2, 2 * wd, 2 * wd + 1, 2 * wd + 2};
    float[] a = random(9 * wd + 1, 11, -2f, 2f);
    for (int i = 0; i < a.length; i += 7) {
      a[i] = 1f; // ties
    }
    a[2 * wd + 3] = Float.NaN;
    a[2 * wd + 4] = Float.NaN;
    a[5 * wd + 7] = -0f;
    float[] want = new float[pos.length + 2];
    float[] got = new float[pos.length + 2];
    long[] wantAt = new long[pos.length + 2];
    long[] gotAt = new long[pos.length + 2];
    SCALAR.maxPool(a, 1, pos, taps, want, 2, wantAt, 1, 0, pos.length);
    vector.maxPool(a, 1, pos, taps, got, 2, gotAt, 1, 0, pos.length);
    assertThat(got).isEqualTo(want);
    assertThat(gotAt).isEqualTo(wantAt);
    assertThat(want[2]).isEqualTo(Collections.max(window(a, 1, taps)));
  }

  @Test
  void maxPool2x2AgreesWithTheGeneralWindowsOnEveryWidth() {
    for (int wd : new int[] {2, 5, 24, 33, 40, 70}) {
      int h = 7;
      int oh = h / 2;
      int ow = wd / 2;
      float[] a = random(h * wd + 1, wd, -2f, 2f);
      for (int i = 0; i < a.length; i += 5) {
        a[i] = 1f; // ties
      }
      a[1 + wd + 1] = Float.NaN;
      a[1 + 2 * wd] = Float.NaN;
      a[1 + 2 * wd + 1] = Float.NaN;
      int[] pos = new int[oh * ow];
      for (int oy = 0, p = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++, p++) {
          pos[p] = oy * 2 * wd + ox * 2;
        }
      }
      int[] taps = {0, 1, wd, wd + 1};
      float[] want = new float[pos.length + 2];
      long[] wantAt = new long[pos.length + 2];
      SCALAR.maxPool(a, 1, pos, taps, want, 2, wantAt, 1, 0, pos.length);
      // and one still warming up: its first row with vectors, the others scalar
      // indices counting rows of iw = 2 * ow (the last column dropped for an odd width)
      int iw = 2 * ow;
      long[] wantCompact = new long[wantAt.length];
      for (int p = 1; p < wantAt.length - 1; p++) {
        wantCompact[p] = wantAt[p] / wd * iw + wantAt[p] % wd;
      }
      for (FloatOps ops : new FloatOps[] {SCALAR, vector, new VectorFloatOps(1)}) {
        float[] got = new float[pos.length + 2];
        long[] gotAt = new long[pos.length + 2];
        ops.maxPool2x2(a, 1, wd, wd, oh, ow, got, 2, gotAt, 1);
        assertThat(got).as("%s width %d", ops.name(), wd).isEqualTo(want);
        assertThat(gotAt).as("%s width %d", ops.name(), wd).isEqualTo(wantAt);
        ops.maxPool2x2(a, 1, wd, iw, oh, ow, got, 2, gotAt, 1);
        assertThat(gotAt).as("%s width %d, rows of %d", ops.name(), wd, iw).isEqualTo(wantCompact);
      }
    }
  }

  private static java.util.List<Float> window(float[] a, int at, int[] taps) {
    java.util.List<Float> v = new java.util.ArrayList<>();
    for (int t : taps) {
      v.add(a[at + t]);
    }
    return v;
  }

  @Test
  void gemmMatchesADirectSum() {
    int m = 6;
    int k = 5;
    int n = 37;
    float[] a = random(m * k, 7, -1f, 1f);
    float[] b = random(k * n, 8, -1f, 1f);
    float[] got = new float[m * n];
    vector.gemm(
        new FloatMatrix(a, 0, k, 1),
        new FloatMatrix(b, 0, n, 1),
        new FloatMatrix(got, 0, n, 1),
        k,
        0,
        m,
        0,
        n);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double want = 0;
        for (int p = 0; p < k; p++) {
          want += a[i * k + p] * b[p * n + j];
        }
        assertThat(got[i * n + j]).isCloseTo((float) want, within(1e-5f));
      }
    }
  }

  @Test
  void gemmPartialsAddUpToTheProductsAcrossCalls() {
    // rows and cols with and without ragged blocks of 4, k with and without a vector tail
    int[][] shapes = {{8, 8, 64}, {5, 9, 37}, {16, 9, 676}, {3, 2, 5}};
    for (int[] sh : shapes) {
      int m = sh[0];
      int n = sh[1];
      int k = sh[2];
      float[] a = random(m * k, 5, -1f, 1f);
      float[] b = random(n * k, 6, -1f, 1f);
      float[] a2 = random(m * k, 7, -1f, 1f);
      // A [m, k] row-major; B [k, n] stored as n rows of k (row stride 1, column stride k)
      FloatMatrix ma = new FloatMatrix(a, 0, k, 1);
      FloatMatrix ma2 = new FloatMatrix(a2, 0, k, 1);
      FloatMatrix mb = new FloatMatrix(b, 0, 1, k);
      for (FloatOps ops : new FloatOps[] {SCALAR, vector}) {
        int parts = ops.partials();
        float[] acc = new float[3 + m * n * parts];
        ops.gemmPartials(ma, mb, k, m, n, acc, 3);
        ops.gemmPartials(ma2, mb, k, m, n, acc, 3);
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            double want = 0;
            for (int p = 0; p < k; p++) {
              want += ((double) a[i * k + p] + a2[i * k + p]) * b[j * k + p];
            }
            double got = 0;
            for (int q = 0; q < parts; q++) {
              got += acc[3 + (i * n + j) * parts + q];
            }
            assertThat(got)
                .as("%s %dx%dx%d (%d, %d)", ops.name(), m, n, k, i, j)
                .isCloseTo(want, within(1e-4 * Math.sqrt(k)));
          }
        }
      }
    }
  }

  @Test
  void adadeltaStepsAgreeBitForBit() {
    for (var step :
        new AdadeltaStep[] {
          new AdadeltaStep(0.5, 0.9, 1e-6, 0, false), new AdadeltaStep(1.3, 0.8, 1e-3, 0.01, true)
        }) {
      for (int n : LENGTHS) {
        float[][] want = {
          random(n, 11, -1f, 1f),
          random(n, 12, -1f, 1f),
          random(n, 13, 0f, 1f),
          random(n, 14, 0f, 1f)
        };
        float[][] got = new float[4][];
        for (int i = 0; i < 4; i++) {
          got[i] = want[i].clone();
        }
        SCALAR.adadelta(want[0], 1, want[1], 2, want[2], 0, want[3], 3, n, step);
        vector.adadelta(got[0], 1, got[1], 2, got[2], 0, got[3], 3, n, step);
        for (int i = 0; i < 4; i++) {
          assertThat(got[i]).as("%s n=%d array %d", step, n, i).isEqualTo(want[i]);
        }
      }
    }
  }

  @Test
  void sgdStepsAgreeBitForBit() {
    for (var step :
        new SgdStep[] {
          new SgdStep(0.1, 0, 0, 0, false, false, false),
          new SgdStep(0.1, 0.9, 0, 5e-4, true, false, true),
          new SgdStep(0.1, 0.9, 0, 5e-4, true, false, false),
          new SgdStep(0.3, 0.8, 0.25, 0.01, false, true, false)
        }) {
      for (int n : LENGTHS) {
        float[][] want = {random(n, 21, -1f, 1f), random(n, 22, -1f, 1f), random(n, 23, -1f, 1f)};
        float[][] got = new float[3][];
        for (int i = 0; i < 3; i++) {
          got[i] = want[i].clone();
        }
        float[] wantBuf = step.momentum() == 0 ? null : want[2];
        float[] gotBuf = step.momentum() == 0 ? null : got[2];
        SCALAR.sgd(want[0], 1, want[1], 2, wantBuf, 3, n, step);
        vector.sgd(got[0], 1, got[1], 2, gotBuf, 3, n, step);
        for (int i = 0; i < 3; i++) {
          assertThat(got[i]).as("%s n=%d array %d", step, n, i).isEqualTo(want[i]);
        }
      }
    }
  }

  @Test
  void bernoulliDrawsAgreeWithTheDocumentedFunction() {
    for (int n : LENGTHS) {
      float[] want = new float[n + 2];
      float[] got = new float[n + 2];
      long bound = CounterRandom.threshold(0.3);
      SCALAR.bernoulli(want, 2, 99, 5, bound, n);
      vector.bernoulli(got, 2, 99, 5, bound, n);
      assertThat(got).as("n=%d", n).isEqualTo(want);
      for (int i = 0; i < n; i++) {
        assertThat(want[2 + i]).isEqualTo(CounterRandom.uniform(99, 5 + i) < 0.3f ? 1f : 0f);
      }
    }
  }

  @Test
  void argExtremeAgreesOnTiesSignedZerosAndNaNs() {
    for (int n : new int[] {1, 7, 16, 33, 1000}) {
      float[] a = random(n + 2, n, -2f, 2f);
      for (int i = 0; i < a.length; i++) {
        a[i] = Math.round(a[i]); // ties
      }
      for (int variant = 0; variant < 4; variant++) {
        float[] x = a.clone();
        if (variant == 1) {
          x[1 + n / 2] = Float.NaN;
        } else if (variant == 2) {
          java.util.Arrays.fill(x, 0f);
          x[1 + n - 1] = -0f;
        } else if (variant == 3) {
          x[1 + n - 1] = Float.NaN;
          x[1] = Float.NaN;
        }
        for (boolean max : new boolean[] {true, false}) {
          assertThat(vector.argExtreme(max, x, 1, 1, n))
              .as("n=%d variant %d max=%s", n, variant, max)
              .isEqualTo(SCALAR.argExtreme(max, x, 1, 1, n));
        }
      }
    }
  }
}
