package jtorch.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import jtorch.backend.BinaryOp;
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
    vector = new VectorFloatOps();
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
  void sumsAgree() {
    for (int n : new int[] {0, 5, 1024, 100_003}) {
      float[] a = random(n, 4, -1f, 1f);
      assertThat(vector.sum(a, 1, n)).isCloseTo(SCALAR.sum(a, 1, n), within(1e-3));
    }
  }

  @Test
  void gemmAgreesOnRaggedShapes() {
    int[][] shapes = {{1, 1, 1}, {5, 3, 7}, {4, 17, 33}, {9, 64, 31}, {16, 128, 64}, {7, 9, 100}};
    for (int[] s : shapes) {
      int m = s[0];
      int k = s[1];
      int n = s[2];
      float[] a = random(m * k, 5, -1f, 1f);
      float[] b = random(k * n, 6, -1f, 1f);
      float[] want = new float[m * n + 2];
      float[] got = new float[m * n + 2];
      SCALAR.gemm(a, 1, b, 2, want, 2, k, n, 0, m, 0, n);
      vector.gemm(a, 1, b, 2, got, 2, k, n, 0, m, 0, n);
      close(want, got, 1e-5f);
      // A tile: rows [1, m), columns [1, n) only; the rest of C stays untouched.
      java.util.Arrays.fill(want, 0f);
      java.util.Arrays.fill(got, 0f);
      SCALAR.gemm(a, 1, b, 2, want, 2, k, n, Math.min(1, m), m, Math.min(1, n), n);
      vector.gemm(a, 1, b, 2, got, 2, k, n, Math.min(1, m), m, Math.min(1, n), n);
      close(want, got, 1e-5f);
    }
  }
}
