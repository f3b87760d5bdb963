package jtorch.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import jtorch.Tensor;
import jtorch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OpenBLAS through FFM against the pure-Java kernel, on every transpose combination with offsets
 * and padded leading dimensions. Needs {@code libopenblas.so.0} (Debian's libopenblas0-pthread,
 * which {@code .ci/run} installs) and native access (the tests have it).
 */
class NativeBlasTest {
  private static NativeBlas blas;

  @BeforeAll
  static void load() {
    assumeTrue(
        NativeBlas.INSTANCE.isPresent(),
        "no OpenBLAS (libopenblas.so.0): apt-get install libopenblas0-pthread");
    blas = NativeBlas.INSTANCE.get();
  }

  private static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) (2 * r.nextDouble() - 1);
    }
    return a;
  }

  @Test
  void everyLayoutMatchesTheJavaKernel() {
    int m = 130;
    int k = 150;
    int n = 140;
    float[] a = random(3 + (m + 2) * (k + 2), 1);
    float[] b = random(5 + (k + 2) * (n + 2), 2);
    // row-major with a padded row, and transposed (column-major) with a padded column
    FloatMatrix[] as = {new FloatMatrix(a, 3, k + 2, 1), new FloatMatrix(a, 3, 1, m + 1)};
    FloatMatrix[] bs = {new FloatMatrix(b, 5, n + 1, 1), new FloatMatrix(b, 5, 1, k + 2)};
    for (FloatMatrix fa : as) {
      for (FloatMatrix fb : bs) {
        float[] want = new float[2 + m * (n + 3)];
        float[] got = new float[2 + m * (n + 3)];
        new ScalarFloatOps().gemm(fa, fb, new FloatMatrix(want, 2, n + 3, 1), k, 0, m, 0, n);
        assertThat(blas.gemm(fa, fb, new FloatMatrix(got, 2, n + 3, 1), m, n, k)).isTrue();
        for (int i = 0; i < want.length; i++) {
          assertThat(got[i]).as("element %d", i).isCloseTo(want[i], within(1e-4f));
        }
      }
    }
  }

  @Test
  void smallProductsAndUnsupportedStridesStayInJava() {
    float[] x = new float[200 * 200];
    FloatMatrix rowMajor = new FloatMatrix(x, 0, 200, 1);
    assertThat(blas.gemm(rowMajor, rowMajor, rowMajor, 127, 200, 200)).isFalse();
    FloatMatrix strided = new FloatMatrix(x, 0, 2, 400); // no unit stride
    assertThat(
            blas.gemm(
                strided, rowMajor, new FloatMatrix(new float[200 * 200], 0, 200, 1), 128, 128, 128))
        .isFalse();
  }

  @Test
  void matmulUsesItForLargeBatchedProducts() {
    assertThat(CpuBackend.floatKernels()).contains("OpenBLAS matmul from 128");
    Tensor x = Torch.randn(2, 160, 130);
    Tensor y = Torch.randn(130, 150);
    Tensor got = x.matmul(y);
    float[] want = new float[2 * 160 * 150];
    float[] fx = x.toFloatArray();
    float[] fy = y.toFloatArray();
    for (int bi = 0; bi < 2; bi++) {
      new ScalarFloatOps()
          .gemm(
              new FloatMatrix(fx, bi * 160 * 130, 130, 1),
              new FloatMatrix(fy, 0, 150, 1),
              new FloatMatrix(want, bi * 160 * 150, 150, 1),
              130,
              0,
              160,
              0,
              150);
    }
    float[] g = got.toFloatArray();
    for (int i = 0; i < want.length; i++) {
      assertThat(g[i]).isCloseTo(want[i], within(1e-4f));
    }
  }
}
