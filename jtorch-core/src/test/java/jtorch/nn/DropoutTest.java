package jtorch.nn;

import static org.assertj.core.api.Assertions.assertThat;

import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.nn.functional.F;
import org.junit.jupiter.api.Test;

/**
 * Dropout's contract, checked statistically with a fixed jtorch seed (PyTorch's masks come from its
 * own random stream, so there is no golden to compare with): p = 0 and eval mode are the identity,
 * p = 1 gives zeros, and in training each element is kept with probability 1 - p and then scaled by
 * 1 / (1 - p), gradients flowing through the kept elements only.
 */
class DropoutTest {
  private static final int N = 200_000;

  @Test
  void pZeroAndEvalModeAreTheIdentity() {
    Torch.manualSeed(0);
    Tensor x = Torch.randn(3, 7);
    assertThat(F.dropout(x, 0.0, true).toFloatArray()).isEqualTo(x.toFloatArray());
    assertThat(F.dropout(x, 0.5, false).toFloatArray()).isEqualTo(x.toFloatArray());
    Dropout d = new Dropout(0.9);
    d.eval();
    assertThat(d.forward(x).toFloatArray()).isEqualTo(x.toFloatArray());
  }

  @Test
  void pOneGivesZerosAndZeroGradients() {
    Tensor x = Torch.randn(4, 5).requiresGrad_();
    Tensor y = F.dropout(x, 1.0, true);
    assertThat(y.abs().toFloatArray()).containsOnly(0f); // x * 0, so -0.0 where x < 0, as PyTorch
    y.sum().backward();
    assertThat(x.grad().toFloatArray()).containsOnly(0f);
  }

  @Test
  void trainingDropsAboutPAndScalesTheRestByOneOverOneMinusP() {
    for (double p : new double[] {0.1, 0.25, 0.5, 0.9}) {
      Torch.manualSeed(42);
      Tensor x = Torch.ones(new long[] {N}, DType.FLOAT64).requiresGrad_();
      Tensor y = F.dropout(x, p, true);
      double[] v = y.toDoubleArray();
      int dropped = 0;
      for (double e : v) {
        if (e == 0) {
          dropped++;
        } else {
          assertThat(e).isEqualTo(1 / (1 - p));
        }
      }
      // binomial: 5 standard deviations of the dropped fraction
      double sigma = Math.sqrt(p * (1 - p) / N);
      assertThat((double) dropped / N)
          .as("dropped fraction at p=%s", p)
          .isCloseTo(p, within(5 * sigma));
      // the expectation is kept
      assertThat(y.mean().item()).isCloseTo(1.0, within(5 * sigma / (1 - p)));
      // gradients: 1/(1-p) where kept, 0 where dropped
      y.sum().backward();
      assertThat(x.grad().toDoubleArray()).isEqualTo(v);
    }
  }

  @Test
  void float32MasksAreUnbiasedAndIndependentOfTheValues() {
    Torch.manualSeed(7);
    Tensor x = Torch.randn(N);
    Tensor y = F.dropout(x, 0.3, true);
    float[] a = x.toFloatArray();
    float[] b = y.toFloatArray();
    int kept = 0;
    int keptPositive = 0;
    int positive = 0;
    for (int i = 0; i < N; i++) {
      positive += a[i] > 0 ? 1 : 0;
      if (b[i] != 0) {
        kept++;
        keptPositive += a[i] > 0 ? 1 : 0;
        assertThat(b[i]).isEqualTo(a[i] * (float) (1 / 0.7), within(Math.ulp(b[i])));
      }
    }
    assertThat((double) kept / N).isCloseTo(0.7, within(5 * Math.sqrt(0.21 / N)));
    // the mask does not depend on the sign of the input
    assertThat((double) keptPositive / kept).isCloseTo((double) positive / N, within(0.01));
  }

  @Test
  void theSameSeedGivesTheSameMaskAndTheLayerFollowsTrainingMode() {
    Dropout d = new Dropout(0.25);
    Tensor x = Torch.ones(1000);
    Torch.manualSeed(5);
    float[] first = d.forward(x).toFloatArray();
    Torch.manualSeed(5);
    assertThat(d.forward(x).toFloatArray()).isEqualTo(first);
    assertThat(d.forward(x).toFloatArray()).isNotEqualTo(first);
    assertThat(new Dropout().toString()).isEqualTo("Dropout(p=0.5, inplace=False)");
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  private static org.assertj.core.data.Offset<Float> within(float f) {
    return org.assertj.core.data.Offset.offset(f);
  }
}
