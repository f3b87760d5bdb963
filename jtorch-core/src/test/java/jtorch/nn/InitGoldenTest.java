package jtorch.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.golden.GoldenCase;
import jtorch.nn.init.Init;
import jtorch.nn.init.Init.FanMode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * After {@code Torch.manualSeed(s)}, {@code new Linear(...)} and {@code new Conv2d(...)} start with
 * PyTorch's exact weights, bit for bit, also when several layers are built in a row, and the {@link
 * Init} functions draw what {@code torch.nn.init} draws ({@code init.golden}, written by {@code
 * tools/golden/generate.py}).
 */
class InitGoldenTest {

  /** Builds the case's layers in order after seeding; returns every weight and bias. */
  private static Tensor[] layers(GoldenCase c) {
    Torch.manualSeed(c.l("seed"));
    List<Tensor> out = new ArrayList<>();
    for (int k = 0; c.args().containsKey("layer" + k); k++) {
      String[] s = c.str("layer" + k).split(" ");
      int[] v = new int[s.length];
      for (int i = 1; i < s.length - 1; i++) {
        v[i] = Integer.parseInt(s[i]);
      }
      boolean bias = Boolean.parseBoolean(s[s.length - 1]);
      Parameter w;
      Parameter b;
      if (s[0].equals("Linear")) {
        Linear l = new Linear(v[1], v[2], bias);
        w = l.weight;
        b = l.bias;
      } else {
        Conv2d l =
            new Conv2d(new Conv2dOptions(v[1], v[2], v[3]).stride(v[4]).groups(v[5]).bias(bias));
        w = l.weight;
        b = l.bias;
      }
      out.add(w);
      if (b != null) {
        out.add(b);
      }
    }
    return out.toArray(new Tensor[0]);
  }

  /** Seeds, then fills an empty tensor with the named {@code torch.nn.init} function. */
  private static Tensor fill(GoldenCase c) {
    Torch.manualSeed(c.l("seed"));
    Tensor t = Torch.zeros(c.longs("shape"), c.dtype("dtype"));
    return switch (c.str("fn")) {
      case "uniform_" -> Init.uniform_(t, c.d("a"), c.d("b"));
      case "normal_" -> Init.normal_(t, c.d("mean"), c.d("std"));
      case "xavier_uniform_" -> Init.xavierUniform_(t, c.d("gain"));
      case "xavier_normal_" -> Init.xavierNormal_(t, c.d("gain"));
      case "kaiming_uniform_" -> Init.kaimingUniform_(t, c.d("a"), mode(c), c.str("nonlinearity"));
      case "kaiming_normal_" -> Init.kaimingNormal_(t, c.d("a"), mode(c), c.str("nonlinearity"));
      default -> throw new IllegalArgumentException("unknown init function " + c.str("fn"));
    };
  }

  private static FanMode mode(GoldenCase c) {
    return FanMode.valueOf(c.str("mode").toUpperCase(Locale.ROOT));
  }

  private static Tensor[] run(GoldenCase c) {
    return c.op().equals("layers") ? layers(c) : new Tensor[] {fill(c)};
  }

  @TestFactory
  Stream<DynamicTest> initialWeightsAndInitFunctions() {
    return GoldenCase.load("golden/init.golden").stream()
        .map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
  }

  /**
   * Bit-exact: the same draws, the same arithmetic in the tensor's precision. One exception: normal
   * draws of 16 or more float32 values, where PyTorch's AVX2 kernel takes log, sin and cos from
   * vectorised approximations (avx_mathfun), so {@code Torch.randn} itself differs from it by up to
   * about 1e-6 of a standard deviation (and PyTorch differs between CPU capabilities there); those
   * are compared within 1e-5 of the largest deviation from the mean.
   */
  private static void check(GoldenCase c) {
    Tensor[] got = run(c);
    assertThat(got).as(c.name() + ": outputs").hasSize(c.outputs().size());
    for (int k = 0; k < got.length; k++) {
      GoldenCase.Spec want = c.outputs().get(k);
      assertThat(got[k].dtype()).as(c.name()).isEqualTo(want.dtype());
      assertThat(got[k].shape().toArray()).as(c.name()).containsExactly(want.shape());
      double[] e = want.doubles();
      double[] a = got[k].toDoubleArray();
      if (want.dtype() == DType.FLOAT32
          && c.op().equals("init")
          && c.str("fn").contains("normal")
          && e.length >= 16) {
        double mean = c.args().containsKey("mean") ? c.d("mean") : 0;
        double scale = 0;
        for (double v : e) {
          scale = Math.max(scale, Math.abs(v - mean));
        }
        for (int i = 0; i < e.length; i++) {
          assertThat(Math.abs(a[i] - e[i]))
              .as("%s: element %d is %s, PyTorch draws %s", c.name(), i, a[i], e[i])
              .isLessThanOrEqualTo(1e-5 * scale);
        }
        continue;
      }
      for (int i = 0; i < e.length; i++) {
        if (Double.doubleToLongBits(e[i]) != Double.doubleToLongBits(a[i])) {
          throw new AssertionFailedError(
              String.format(
                  "%s: %s element %d is %s, PyTorch draws %s (not bit-exact)",
                  c.name(), want.name(), i, a[i], e[i]));
        }
      }
    }
  }

  @Test
  void gainsAndFansAsPyTorch() {
    // torch.nn.init.calculate_gain and _calculate_fan_in_and_fan_out
    assertThat(Init.calculateGain("relu", 0)).isEqualTo(Math.sqrt(2.0));
    assertThat(Init.calculateGain("leaky_relu", 0.2)).isEqualTo(Math.sqrt(2.0 / (1 + 0.2 * 0.2)));
    assertThat(Init.calculateGain("tanh", 0)).isEqualTo(5.0 / 3);
    assertThat(Init.calculateGain("selu", 0)).isEqualTo(0.75);
    assertThat(Init.calculateGain("conv2d", 0)).isEqualTo(1.0);
    assertThat(Init.fans(Torch.empty(6, 4, 3, 3))).containsExactly(36, 54);
    assertThat(Init.fans(Torch.empty(10, 20))).containsExactly(20, 10);
    assertThatThrownBy(() -> Init.fans(Torch.empty(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fewer than 2 dimensions");
  }

  @Test
  void constantFillsAndFloat64Layers() {
    Tensor t = Torch.zeros(new long[] {2, 3}, DType.FLOAT64);
    assertThat(Init.constant_(t, 0.25).toDoubleArray()).containsOnly(0.25);
    assertThat(Init.zeros_(t).toDoubleArray()).containsOnly(0.0);
    assertThat(Init.ones_(t).toDoubleArray()).containsOnly(1.0);
  }
}
