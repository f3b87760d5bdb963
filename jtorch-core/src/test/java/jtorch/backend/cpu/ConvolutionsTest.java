package jtorch.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import jtorch.DType;
import jtorch.Generator;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.backend.Window2d;
import org.junit.jupiter.api.Test;

/**
 * The float32 per-sample convolution kernels ({@link Convolutions}) against the composed float64
 * path, forward and all three gradients, over windows with stride, padding and dilation, groups,
 * strided inputs, and batches both larger than the thread count (the fused kernels) and of one
 * sample (the composed fallback); and the fused relu, and relu and max pooling, against the
 * convolution followed by those ops.
 */
class ConvolutionsTest {
  private static final Window2d[] WINDOWS = {
    new Window2d(3, 3, 1, 1, 0, 0, 1, 1),
    new Window2d(3, 2, 2, 1, 1, 0, 1, 2),
    new Window2d(2, 2, 1, 2, 1, 1, 2, 1),
    new Window2d(2, 3, 1, 1, 0, 0, 2, 2),
  };

  @Test
  void floatKernelsMatchTheComposedFloat64Path() {
    Generator gen = new Generator(3);
    for (int groups : new int[] {1, 2}) {
      for (Window2d w : WINDOWS) {
        for (long n : new long[] {1, 2 * Parallel.threads() + 1}) {
          for (boolean strided : new boolean[] {false, true}) {
            Tensor x = Torch.randn(new long[] {n, 4, 7, 9}, DType.FLOAT32, gen);
            if (strided) {
              x = x.transpose(2, 3).contiguous().transpose(2, 3); // same values, other strides
            }
            Tensor wt =
                Torch.randn(
                    new long[] {6, 4 / groups, w.kernelH(), w.kernelW()}, DType.FLOAT32, gen);
            Tensor b = Torch.randn(new long[] {6}, DType.FLOAT32, gen);
            String what = "groups " + groups + ", " + w + ", n " + n + ", strided " + strided;
            compare(what, x, wt, b, w, groups);
          }
        }
      }
    }
  }

  @Test
  void aNonFiniteWeightSpoilsTheInputGradientAsTheComposedPathDoes() {
    Generator gen = new Generator(4);
    Window2d w = WINDOWS[0];
    Tensor x = Torch.randn(new long[] {2 * Parallel.threads(), 2, 6, 7}, DType.FLOAT32, gen);
    Tensor wt = Torch.randn(new long[] {3, 2, 3, 3}, DType.FLOAT32, gen);
    wt.index(1, 0, 2, 1).fill_(Float.POSITIVE_INFINITY);
    Tensor b = Torch.zeros(3);
    Tensor g = Torch.randn(new long[] {x.size(0), 3, 4, 5}, DType.FLOAT32, gen);
    Tensor fused = run(x, wt, b, w, 1, g)[1];
    for (int i = 0; i < x.size(0); i++) { // one sample at a time: the composed path
      Tensor single = run(x.narrow(0, i, 1), wt, b, w, 1, g.narrow(0, i, 1))[1];
      float[] want = single.toFloatArray();
      float[] got = fused.narrow(0, i, 1).toFloatArray();
      for (int j = 0; j < want.length; j++) {
        if (Float.isFinite(want[j])) {
          assertThat(got[j]).as("sample %d element %d", i, j).isCloseTo(want[j], within(1e-4f));
        } else {
          assertThat(got[j]).as("sample %d element %d", i, j).isEqualTo(want[j]);
        }
      }
    }
  }

  @Test
  void aNonFiniteInputSpoilsTheWeightGradientAsTheComposedPathDoes() {
    Generator gen = new Generator(5);
    Window2d w = WINDOWS[0];
    Tensor x = Torch.randn(new long[] {2 * Parallel.threads(), 2, 6, 7}, DType.FLOAT32, gen);
    x.index(1, 1, 3, 6).fill_(Float.NEGATIVE_INFINITY); // last column: junk of a flat layout
    Tensor wt = Torch.randn(new long[] {3, 2, 3, 3}, DType.FLOAT32, gen);
    Tensor b = Torch.zeros(3);
    Tensor g = Torch.randn(new long[] {x.size(0), 3, 4, 5}, DType.FLOAT32, gen);
    float[] got = run(x, wt, b, w, 1, g)[2].toFloatArray();
    Tensor[] f64 = run(x.to(DType.FLOAT64), wt.to(DType.FLOAT64), b.to(DType.FLOAT64), w, 1, g);
    double[] want = f64[2].toDoubleArray();
    int nonFinite = 0;
    for (int j = 0; j < want.length; j++) {
      if (Double.isFinite(want[j])) {
        assertThat((double) got[j]).as("element %d", j).isCloseTo(want[j], within(1e-4));
      } else {
        nonFinite++;
        assertThat((double) got[j]).as("element %d", j).isEqualTo(want[j]);
      }
    }
    assertThat(nonFinite).isPositive().isLessThan(want.length);
  }

  @Test
  void fusedReluGivesTheValuesAndGradientsOfConvolutionThenRelu() {
    Generator gen = new Generator(6);
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) { // fused kernel; composed
      for (int groups : new int[] {1, 2}) {
        for (Window2d w : WINDOWS) {
          for (long n : new long[] {1, 2 * Parallel.threads() + 1}) {
            // 4 channels: flat columns for the first window; 2 with 8 outputs: compact ones
            for (long c : new long[] {4, 2}) {
              long o = c == 4 ? 6 : 8;
              Tensor x = Torch.randn(new long[] {n, c, 7, 9}, dtype, gen);
              Tensor wt =
                  Torch.randn(new long[] {o, c / groups, w.kernelH(), w.kernelW()}, dtype, gen);
              Tensor b = Torch.randn(new long[] {o}, dtype, gen);
              Tensor[] want =
                  run(x, wt, b, null, (xi, wi, bi) -> Torch.conv2d(xi, wi, bi, w, groups).relu());
              Tensor[] got =
                  run(x, wt, b, null, (xi, wi, bi) -> Torch.conv2dRelu(xi, wi, bi, w, groups));
              for (int i = 0; i < want.length; i++) {
                assertThat(got[i].toDoubleArray())
                    .as("%s, groups %d, %s, n %d, c %d: tensor %d", dtype, groups, w, n, c, i)
                    .containsExactly(want[i].toDoubleArray());
              }
            }
          }
        }
      }
    }
  }

  @Test
  void fusedReluAndMaxPoolGiveTheValuesAndGradientsOfTheThreeOps() {
    Generator gen = new Generator(7);
    Window2d[] pools = {new Window2d(2, 2, 2, 2, 0, 0, 1, 1), new Window2d(3, 2, 1, 2, 1, 0, 1, 1)};
    for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) { // fused kernel; composed
      for (Window2d pool : pools) { // the 2x2 window fused; another composed
        for (Window2d w : WINDOWS) {
          for (long n : new long[] {1, 2 * Parallel.threads() + 1}) {
            for (long c : new long[] {4, 2}) { // flat columns (first window) and compact ones
              long o = c == 4 ? 6 : 8;
              Tensor x = Torch.randn(new long[] {n, c, 8, 9}, dtype, gen);
              Tensor wt = Torch.randn(new long[] {o, c, w.kernelH(), w.kernelW()}, dtype, gen);
              Tensor b = Torch.randn(new long[] {o}, dtype, gen);
              Tensor[] want =
                  run(
                      x,
                      wt,
                      b,
                      null,
                      (xi, wi, bi) ->
                          Torch.maxPool2dWithIndices(Torch.conv2d(xi, wi, bi, w, 1).relu(), pool)
                              .values());
              Tensor[] got =
                  run(
                      x,
                      wt,
                      b,
                      null,
                      (xi, wi, bi) -> Torch.conv2dReluMaxPool2d(xi, wi, bi, w, 1, pool));
              for (int i = 0; i < want.length; i++) {
                assertThat(got[i].toDoubleArray())
                    .as("%s, pool %s, %s, n %d, c %d: tensor %d", dtype, pool, w, n, c, i)
                    .containsExactly(want[i].toDoubleArray());
              }
              try (var noGrad = Torch.noGrad()) { // no indices kept: inference
                assertThat(Torch.conv2dReluMaxPool2d(x, wt, b, w, 1, pool).toDoubleArray())
                    .as("%s, pool %s, %s, n %d, c %d: under no-grad", dtype, pool, w, n, c)
                    .containsExactly(want[0].toDoubleArray());
              }
            }
          }
        }
      }
    }
  }

  @Test
  void fusedPoolingPassesTheGradientOfANanMaximumAsTheThreeOpsDo() {
    // relu(NaN) is NaN, pooling picks it and relu's backward (grad where not result <= 0) keeps
    // its gradient, as in PyTorch: the channel with the NaN bias gets gradient, not zeros
    Generator gen = new Generator(11);
    Window2d w = WINDOWS[0];
    Window2d pool = new Window2d(2, 2, 2, 2, 0, 0, 1, 1);
    Tensor x = Torch.randn(new long[] {2 * Parallel.threads() + 1, 4, 8, 9}, DType.FLOAT32, gen);
    Tensor wt = Torch.randn(new long[] {6, 4, 3, 3}, DType.FLOAT32, gen);
    Tensor b = Torch.randn(new long[] {6}, DType.FLOAT32, gen);
    b.select(0, 2).fill_(Double.NaN);
    Tensor[] want =
        run(
            x,
            wt,
            b,
            null,
            (xi, wi, bi) ->
                Torch.maxPool2dWithIndices(Torch.conv2d(xi, wi, bi, w, 1).relu(), pool).values());
    Tensor[] got =
        run(x, wt, b, null, (xi, wi, bi) -> Torch.conv2dReluMaxPool2d(xi, wi, bi, w, 1, pool));
    assertThat(want[3].toDoubleArray()[2]).as("bias gradient of the NaN channel").isNotZero();
    for (int i = 0; i < want.length; i++) {
      assertThat(got[i].toDoubleArray())
          .as("tensor %d", i)
          .containsExactly(want[i].toDoubleArray());
    }
  }

  @Test
  void directKernelsGiveTheValuesAndGradientsOfTheThreeOps() {
    // the Vector API's direct kernels take output channels in whole blocks; unfolding runs else
    int block = FloatOpsProvider.OPS.directConvBlock();
    if (FloatOpsProvider.OPS instanceof VectorFloatOps) {
      assertThat(block).as("the vector kernels' direct convolution block").isPositive();
    }
    Generator gen = new Generator(13);
    Window2d pool = new Window2d(2, 2, 2, 2, 0, 0, 1, 1);
    Window2d[] windows = {
      new Window2d(3, 3, 1, 1, 0, 0, 1, 1), new Window2d(2, 3, 1, 1, 0, 0, 1, 1)
    };
    long o0 = Math.max(block, 4);
    long n = 2 * Parallel.threads() + 1;
    for (Window2d w : windows) {
      for (long[] chw : new long[][] {{1, 8, 9}, {3, 7, 7}, {16, 10, 12}, {20, 6, 8}}) {
        for (long o : new long[] {o0, 2 * o0}) {
          for (boolean bias : new boolean[] {true, false}) {
            for (boolean finite : new boolean[] {true, false}) {
              Tensor x = Torch.randn(new long[] {n, chw[0], chw[1], chw[2]}, DType.FLOAT32, gen);
              Tensor wt =
                  Torch.randn(new long[] {o, chw[0], w.kernelH(), w.kernelW()}, DType.FLOAT32, gen);
              Tensor b = Torch.randn(new long[] {o}, DType.FLOAT32, gen);
              x.select(0, 2).fill_(0.5); // a constant sample: every window a tie
              b.select(0, 1).fill_(Double.NaN); // a NaN channel
              if (!finite) { // a NaN window: the unfolded backward, whose NaNs spread wider
                x.select(0, 1).select(0, 0).select(0, 2).fill_(Double.NaN);
              }
              Tensor bb = bias ? b : null;
              String what =
                  String.format(
                      "%s, input %s, %d channels, bias %s, finite %s",
                      w, java.util.Arrays.toString(chw), o, bias, finite);
              Tensor[] want =
                  runOptionalBias(
                      x,
                      wt,
                      bb,
                      (xi, wi, bi) ->
                          Torch.maxPool2dWithIndices(Torch.conv2d(xi, wi, bi, w, 1).relu(), pool)
                              .values());
              Tensor[] got =
                  runOptionalBias(
                      x, wt, bb, (xi, wi, bi) -> Torch.conv2dReluMaxPool2d(xi, wi, bi, w, 1, pool));
              assertThat(got[0].toDoubleArray())
                  .as("%s: output", what)
                  .containsExactly(want[0].toDoubleArray());
              for (int i = 1; i < want.length; i++) {
                assertThat(got[i] == null)
                    .as("%s: gradient %d", what, i)
                    .isEqualTo(want[i] == null);
                if (want[i] != null) {
                  // the direct backward sums in another order: equal to rounding
                  assertClose(got[i], want[i], what + ": gradient " + i);
                }
              }
              try (var noGrad = Torch.noGrad()) {
                assertThat(Torch.conv2dReluMaxPool2d(x, wt, bb, w, 1, pool).toDoubleArray())
                    .as("%s: under no-grad", what)
                    .containsExactly(want[0].toDoubleArray());
              }
            }
          }
        }
      }
    }
  }

  /** Equal NaNs, and the other elements within 1e-5 of the largest magnitude. */
  private static void assertClose(Tensor got, Tensor want, String what) {
    double[] g = got.toDoubleArray();
    double[] v = want.toDoubleArray();
    double scale = 0;
    for (double e : v) {
      scale = Double.isFinite(e) ? Math.max(scale, Math.abs(e)) : scale;
    }
    for (int j = 0; j < v.length; j++) {
      assertThat(Double.isNaN(g[j])).as("%s: NaN at %d", what, j).isEqualTo(Double.isNaN(v[j]));
      if (!Double.isNaN(v[j])) {
        assertThat(g[j]).as("%s: element %d", what, j).isCloseTo(v[j], within(1e-5 * scale));
      }
    }
  }

  private static void compare(String what, Tensor x, Tensor w, Tensor b, Window2d win, int groups) {
    Tensor[] f32 = run(x, w, b, win, groups);
    Tensor[] f64 = run(x.to(DType.FLOAT64), w.to(DType.FLOAT64), b.to(DType.FLOAT64), win, groups);
    String[] names = {"output", "input grad", "weight grad", "bias grad"};
    for (int i = 0; i < f32.length; i++) {
      double[] got = f32[i].to(DType.FLOAT64).toDoubleArray();
      double[] want = f64[i].toDoubleArray();
      double scale = 0;
      double diff = 0;
      for (int j = 0; j < want.length; j++) {
        scale = Math.max(scale, Math.abs(want[j]));
        diff = Math.max(diff, Math.abs(got[j] - want[j]));
      }
      assertThat(diff / scale).as(what + ": " + names[i]).isLessThan(1e-5);
    }
  }

  /** Output, and the gradients of input, weight and bias for a fixed output gradient. */
  private static Tensor[] run(Tensor x, Tensor w, Tensor b, Window2d win, int groups) {
    return run(x, w, b, win, groups, null);
  }

  /** As {@link #run(Tensor, Tensor, Tensor, Window2d, int)} with output gradient {@code g}. */
  private static Tensor[] run(Tensor x, Tensor w, Tensor b, Window2d win, int groups, Tensor g) {
    return run(x, w, b, g, (xi, wi, bi) -> Torch.conv2d(xi, wi, bi, win, groups));
  }

  /** As {@link #run(Tensor, Tensor, Tensor, Tensor, Conv)}, {@code b} null for no bias. */
  private static Tensor[] runOptionalBias(Tensor x, Tensor w, Tensor b, Conv conv) {
    if (b != null) {
      return run(x, w, b, null, conv);
    }
    Tensor xi = x.detach().requiresGrad_(true);
    Tensor wi = w.detach().requiresGrad_(true);
    Tensor y = conv.apply(xi, wi, null);
    y.backward(Torch.arange(y.numel()).to(y.dtype()).reshape(y.shape().toArray()).mul(0.7).tanh());
    return new Tensor[] {y.detach(), xi.grad(), wi.grad(), null};
  }

  /** A convolution of input, weight and bias. */
  private interface Conv {
    Tensor apply(Tensor x, Tensor w, Tensor b);
  }

  /** Output and gradients of {@code conv}, for output gradient {@code g} (null: a fixed one). */
  private static Tensor[] run(Tensor x, Tensor w, Tensor b, Tensor g, Conv conv) {
    Tensor xi = x.detach().requiresGrad_(true);
    Tensor wi = w.detach().requiresGrad_(true);
    Tensor bi = b.detach().requiresGrad_(true);
    Tensor y = conv.apply(xi, wi, bi);
    if (g == null) {
      g = Torch.arange(y.numel()).to(y.dtype()).reshape(y.shape().toArray()).mul(0.7).tanh();
    }
    y.backward(g.to(y.dtype()));
    return new Tensor[] {y.detach(), xi.grad(), wi.grad(), bi.grad()};
  }
}
