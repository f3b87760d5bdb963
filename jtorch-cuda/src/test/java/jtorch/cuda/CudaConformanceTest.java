package jtorch.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import jtorch.DType;
import jtorch.Device;
import jtorch.Generator;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.nn.Conv2d;
import jtorch.nn.Dropout;
import jtorch.nn.Linear;
import jtorch.nn.Module;
import jtorch.nn.functional.F;
import jtorch.optim.Adadelta;
import jtorch.optim.Optimizer;
import jtorch.optim.SGD;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * The CUDA backend against the CPU backend: each case builds the same inputs on both devices, runs
 * the same code, and compares values (and gradients) with a tolerance. Runs only where a GPU is
 * usable; elsewhere every test is skipped with CUDA's reason.
 */
class CudaConformanceTest {
  /**
   * The device under test; {@code -Djtorch.test.conformanceDevice=cpu} runs the cases CPU against
   * CPU, which checks the cases themselves on a machine without a GPU.
   */
  private static final Device GPU =
      Device.of(System.getProperty("jtorch.test.conformanceDevice", "cuda:0"));

  private static final DType[] ALL_BUT_HALF = {
    DType.FLOAT32,
    DType.FLOAT64,
    DType.INT64,
    DType.INT32,
    DType.INT16,
    DType.INT8,
    DType.UINT8,
    DType.BOOL
  };

  @BeforeAll
  static void requireGpu() {
    if (GPU.isCpu()) {
      return;
    }
    String reason = CudaTests.noGpuReason();
    Assumptions.assumeTrue(reason == null, () -> "no usable GPU: " + reason);
  }

  /** A case: builds its inputs with {@link #data} on the device given and returns its outputs. */
  interface Case {
    Tensor[] run(Device d);
  }

  private static DynamicTest same(String name, double tol, Case c) {
    return DynamicTest.dynamicTest(name, () -> compare(name, tol, c));
  }

  private static DynamicTest same1(String name, double tol, Function<Device, Tensor> f) {
    return same(name, tol, d -> new Tensor[] {f.apply(d)});
  }

  private static void compare(String name, double tol, Case c) {
    Torch.manualSeed(7);
    Tensor[] want = c.run(Device.CPU);
    Torch.manualSeed(7);
    Tensor[] got = c.run(GPU);
    assertThat(got).hasSameSizeAs(want);
    for (int k = 0; k < want.length; k++) {
      String what = name + " output " + k;
      if (want[k] == null) {
        assertThat(got[k]).as(what).isNull();
        continue;
      }
      assertThat(got[k].device()).as(what + " device").isEqualTo(GPU);
      assertClose(what, want[k], got[k].cpu(), tol);
    }
  }

  static void assertClose(String what, Tensor want, Tensor got, double tol) {
    assertThat(got.dtype()).as(what + " dtype").isEqualTo(want.dtype());
    assertThat(got.shape().toArray()).as(what + " shape").containsExactly(want.shape().toArray());
    if (!want.dtype().isFloatingPoint()) {
      assertThat(got.toLongArray()).as(what).containsExactly(want.toLongArray());
      return;
    }
    double[] w = want.toDoubleArray();
    double[] g = got.toDoubleArray();
    for (int i = 0; i < w.length; i++) {
      boolean ok =
          Double.isNaN(w[i])
              ? Double.isNaN(g[i])
              : w[i] == g[i] || Math.abs(w[i] - g[i]) <= tol * (1 + Math.abs(w[i]));
      if (!ok) {
        throw new AssertionFailedError(
            what
                + ": element "
                + i
                + " is "
                + g[i]
                + " on cuda, "
                + w[i]
                + " on cpu (tol "
                + tol
                + ")");
      }
    }
  }

  /** Deterministic float32 data in [-2, 2) of {@code shape} on {@code d}. */
  static Tensor data(Device d, long... shape) {
    return Torch.rand(shape, DType.FLOAT32, new Generator(Arrays.hashCode(shape)))
        .mul(4)
        .sub(2)
        .to(d);
  }

  /** {@link #data} converted to {@code t} (integers: values -2..1, bool: nonzero). */
  static Tensor data(Device d, DType t, long... shape) {
    Tensor x = data(Device.CPU, shape);
    return (t.isFloatingPoint() ? x : x.mul(3).to(DType.INT64)).to(t).to(d);
  }

  @TestFactory
  Stream<DynamicTest> elementwise() {
    List<DynamicTest> t = new ArrayList<>();
    for (DType dt : ALL_BUT_HALF) {
      String n = dt.toString();
      if (dt != DType.BOOL) {
        t.add(same1("add " + n, 1e-6, d -> data(d, dt, 3, 4).add(data(d, dt, 4))));
        t.add(same1("mul broadcast " + n, 1e-6, d -> data(d, dt, 3, 1).mul(data(d, dt, 1, 5))));
        t.add(
            same1("sub transposed " + n, 1e-6, d -> data(d, dt, 4, 3).t().sub(data(d, dt, 3, 4))));
        t.add(same1("maximum " + n, 0, d -> data(d, dt, 6).maximum(data(d, dt, 6).neg())));
        t.add(
            same1(
                "neg abs sign " + n,
                0,
                d -> data(d, dt, 5, 2).neg().abs().sub(data(d, dt, 5, 2).sign())));
        t.add(same1("relu " + n, 0, d -> data(d, dt, 7).relu()));
      }
      t.add(same1("eq " + n, 0, d -> data(d, dt, 4, 4).eq(data(d, dt, 4, 4).t())));
      t.add(same1("lt scalar " + n, 0, d -> data(d, dt, 9).lt(data(d, dt, 1))));
      t.add(same1("copy to float32 " + n, 0, d -> data(d, dt, 3, 5).to(DType.FLOAT32)));
      for (DType to : ALL_BUT_HALF) {
        t.add(same1("convert " + n + " to " + to, 0, d -> data(d, dt, 2, 6).t().to(to)));
      }
      t.add(
          same1(
              "where " + n,
              0,
              d ->
                  Torch.where(
                      data(d, 6).gt(data(d, 6).neg()),
                      data(d, dt, 6),
                      Torch.ones(new long[] {6}, dt, d))));
      t.add(same1("zeros/fill " + n, 0, d -> Torch.zeros(new long[] {3, 2}, dt, d).fill_(1)));
    }
    for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      String n = dt.toString();
      double tol = dt == DType.FLOAT32 ? 1e-5 : 1e-12;
      t.add(same1("exp log sqrt " + n, tol, d -> data(d, dt, 10).exp().log().abs().sqrt()));
      t.add(
          same1(
              "sigmoid tanh " + n,
              tol,
              d -> data(d, dt, 3, 3).sigmoid().add(data(d, dt, 3, 3).tanh())));
      t.add(
          same1(
              "div pow " + n, tol, d -> data(d, dt, 8).div(data(d, dt, 8).abs().add(1)).pow(2.0)));
      t.add(same1("stepped slice " + n, tol, d -> data(d, dt, 4, 10).slice(1, 1, 9, 3).mul(2.0)));
      t.add(
          same1(
              "permuted 4-d " + n, tol, d -> data(d, dt, 2, 3, 4, 5).permute(3, 1, 0, 2).add(1.0)));
      t.add(same1("float16 via float32 " + n, 1e-3, d -> data(d, dt, 6).to(DType.FLOAT16).to(dt)));
      t.add(
          same1("bfloat16 via float32 " + n, 1e-2, d -> data(d, dt, 6).to(DType.BFLOAT16).to(dt)));
    }
    t.add(same1("item and a 0-d tensor", 0, d -> Torch.tensor(new float[] {3.5f}).to(d).sum()));
    return t.stream();
  }

  @TestFactory
  Stream<DynamicTest> reductions() {
    List<DynamicTest> t = new ArrayList<>();
    for (DType dt :
        new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32, DType.UINT8}) {
      String n = dt.toString();
      double tol = dt == DType.FLOAT32 ? 1e-4 : 1e-12;
      t.add(same1("sum all " + n, tol, d -> data(d, dt, 37, 29).sum()));
      t.add(same1("sum dim 0 " + n, tol, d -> data(d, dt, 37, 29).sum(0)));
      t.add(same1("sum dim 1 transposed " + n, tol, d -> data(d, dt, 37, 29).t().sum(1)));
      t.add(
          same(
              "max dim " + n,
              0,
              d -> {
                var vi = data(d, dt, 5, 300).max(1);
                return new Tensor[] {vi.values(), vi.indices()};
              }));
      t.add(same1("argmax dim 0 " + n, 0, d -> data(d, dt, 50, 7).argmax(0)));
    }
    t.add(same1("mean float32 long line", 1e-5, d -> data(d, 100_000).mean()));
    t.add(same1("max with NaN", 0, d -> data(d, 10).log().max()));
    return t.stream();
  }

  @TestFactory
  Stream<DynamicTest> matmul() {
    List<DynamicTest> t = new ArrayList<>();
    for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64, DType.INT32}) {
      String n = dt.toString();
      double tol = dt == DType.FLOAT32 ? 1e-5 : 1e-12;
      t.add(same1("mm " + n, tol, d -> data(d, dt, 17, 33).matmul(data(d, dt, 33, 9))));
      t.add(
          same1(
              "mm a transposed " + n,
              tol,
              d -> data(d, dt, 33, 17).t().matmul(data(d, dt, 33, 9))));
      t.add(
          same1(
              "mm b transposed " + n,
              tol,
              d -> data(d, dt, 17, 33).matmul(data(d, dt, 9, 33).t())));
      t.add(same1("bmm " + n, tol, d -> data(d, dt, 4, 6, 5).matmul(data(d, dt, 4, 5, 3))));
      t.add(
          same1("batch broadcast " + n, tol, d -> data(d, dt, 4, 6, 5).matmul(data(d, dt, 5, 3))));
      t.add(same1("vector matrix " + n, tol, d -> data(d, dt, 5).matmul(data(d, dt, 5, 3))));
      t.add(
          same1(
              "stepped columns " + n,
              tol,
              d -> data(d, dt, 6, 10).slice(1, 0, 10, 2).matmul(data(d, dt, 5, 4))));
    }
    t.add(same1("large float32", 1e-4, d -> data(d, 256, 512).matmul(data(d, 512, 128))));
    return t.stream();
  }

  /** Loss and the gradients of the leaves; the case returns {loss, leaf...}. */
  private static DynamicTest grads(String name, double tol, Case c) {
    return same(
        name,
        tol,
        d -> {
          Tensor[] r = c.run(d);
          r[0].backward();
          Tensor[] out = new Tensor[r.length];
          out[0] = r[0].detach();
          for (int k = 1; k < r.length; k++) {
            out[k] = r[k].grad();
          }
          return out;
        });
  }

  private static Tensor leaf(Tensor t) {
    return t.detach().requiresGrad_(true);
  }

  @TestFactory
  Stream<DynamicTest> networkOps() {
    List<DynamicTest> t = new ArrayList<>();
    t.add(
        grads(
            "conv2d forward and backward",
            1e-4,
            d -> {
              Tensor x = leaf(data(d, 2, 3, 9, 8));
              Tensor w = leaf(data(d, 4, 3, 3, 3));
              Tensor b = leaf(data(d, 4));
              Tensor y = F.conv2d(x, w, b);
              return new Tensor[] {y.mul(y).sum(), x, w, b};
            }));
    t.add(
        grads(
            "conv2d stride padding dilation groups",
            1e-4,
            d -> {
              Tensor x = leaf(data(d, 2, 4, 11, 10));
              Tensor w = leaf(data(d, 6, 2, 3, 2));
              Tensor b = leaf(data(d, 6));
              Tensor y = F.conv2d(x, w, b, 2, 1, 2, 2);
              return new Tensor[] {y.mul(y).sum(), x, w, b};
            }));
    t.add(
        grads(
            "max_pool2d forward and backward",
            1e-6,
            d -> {
              Tensor x = leaf(data(d, 2, 3, 8, 9));
              Tensor y = F.maxPool2d(x, 2);
              Tensor z = F.maxPool2d(x, 3, 2, 1, 1);
              return new Tensor[] {y.mul(y).sum().add(z.sum()), x};
            }));
    t.add(
        grads(
            "avg_pool2d",
            1e-6,
            d -> {
              Tensor x = leaf(data(d, 2, 3, 8, 8));
              return new Tensor[] {F.avgPool2d(x, 2).mul(data(d, 2, 3, 4, 4)).sum(), x};
            }));
    t.add(
        grads(
            "log_softmax softmax",
            1e-6,
            d -> {
              Tensor x = leaf(data(d, 5, 10));
              return new Tensor[] {
                F.logSoftmax(x, 1).mul(data(d, 5, 10)).sum().add(F.softmax(x, 0).pow(2.0).sum()), x
              };
            }));
    t.add(
        grads(
            "nll_loss and cross_entropy",
            1e-6,
            d -> {
              Tensor x = leaf(data(d, 6, 10));
              Tensor target = Torch.tensor(new long[] {0, 9, 3, 3, 7, 1}).to(d);
              return new Tensor[] {
                F.nllLoss(F.logSoftmax(x, 1), target).add(F.crossEntropy(x, target)), x
              };
            }));
    t.add(
        grads(
            "linear relu gather",
            1e-5,
            d -> {
              Tensor x = leaf(data(d, 4, 8));
              Linear fc = new Linear(8, 3);
              fc.to(d);
              Tensor y = F.relu(fc.forward(x));
              Tensor idx = Torch.tensor(new long[][] {{0, 2}, {1, 1}, {2, 0}, {0, 0}}).to(d);
              return new Tensor[] {y.gather(1, idx).sum(), x};
            }));
    t.add(
        same1(
            "scatterAdd",
            1e-6,
            d -> {
              Tensor idx = Torch.tensor(new long[][] {{0, 2, 2}, {1, 1, 0}}).to(d);
              return Torch.zeros(new long[] {2, 3}, DType.FLOAT32, d)
                  .scatterAdd(1, idx, data(d, 2, 3));
            }));
    t.add(same1("dropout masks equal the CPU's", 1e-6, d -> F.dropout(data(d, 64, 64), 0.3, true)));
    return t.stream();
  }

  @Test
  void dropoutKeepsAboutOneMinusPAndScales() {
    Tensor y = F.dropout(Torch.ones(new long[] {1000, 1000}, DType.FLOAT32, GPU), 0.25, true);
    double kept =
        y.ne(Torch.zeros(new long[] {1}, DType.FLOAT32, GPU)).to(DType.FLOAT32).mean().item();
    assertThat(kept).isBetween(0.745, 0.755);
    assertThat(y.max().item()).isCloseTo(1 / 0.75, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void gatherOutOfRangeFailsLikeTheCpu() {
    Tensor x = data(GPU, 2, 3);
    Tensor idx = Torch.tensor(new long[][] {{0, 5}}).to(GPU);
    assertThatThrownBy(() -> x.gather(1, idx))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("out of bounds for dimension 1 with size 3");
  }

  /** A small ConvNet with dropout; {@code steps} optimizer steps; returns losses and weights. */
  private static Tensor[] train(
      Device d, Function<List<jtorch.nn.Parameter>, Optimizer> opt, int steps) {
    Torch.manualSeed(1);
    Module net =
        new Module() {
          final Conv2d c1 = register("c1", new Conv2d(1, 4, 3, 1));
          final Dropout dp = register("dp", new Dropout(0.2));
          final Linear fc = register("fc", new Linear(4 * 5 * 5, 10));

          @Override
          public Tensor forward(Tensor x) {
            x = F.maxPool2d(F.relu(c1.forward(x)), 2);
            return F.logSoftmax(fc.forward(dp.forward(x.flatten(1, -1))), 1);
          }
        };
    net.to(d);
    Optimizer o = opt.apply(net.parameters());
    Tensor[] out = new Tensor[steps + 1];
    for (int s = 0; s < steps; s++) {
      Tensor x = data(d, 8, 1, 12, 12);
      Tensor y = Torch.tensor(new long[] {0, 1, 2, 3, 4, 5, 6, 7}).to(d);
      o.zeroGrad();
      Tensor loss = F.nllLoss(net.forward(x), y);
      loss.backward();
      o.step();
      out[s] = loss.detach();
    }
    out[steps] = net.parameters().get(0).detach();
    return out;
  }

  @TestFactory
  Stream<DynamicTest> training() {
    return Stream.of(
        same(
            "3 steps of SGD with momentum (fused on both devices)",
            1e-4,
            d -> train(d, p -> new SGD(p, 0.1).momentum(0.9), 3)),
        same(
            "3 steps of SGD with Nesterov momentum and weight decay (fused on both devices)",
            1e-4,
            d -> train(d, p -> new SGD(p, 0.1).momentum(0.9).nesterov(true).weightDecay(1e-3), 3)),
        same(
            "3 steps of Adadelta (fused on both devices)",
            1e-4,
            d -> train(d, p -> new Adadelta(p, 1.0), 3)));
  }

  @Test
  void printingMovingAndItem() {
    Tensor x = Torch.tensor(new float[] {1, 2, 3}).to(GPU);
    assertThat(x.device()).isEqualTo(GPU);
    assertThat(x.toString())
        .isEqualTo(GPU.isCpu() ? "tensor([1., 2., 3.])" : "tensor([1., 2., 3.], device='cuda:0')");
    assertThat(x.sum().item()).isEqualTo(6.0);
    assertThat(x.cpu().device()).isEqualTo(Device.CPU);
  }

  @Test
  void memoryIsCachedAndReleased() throws InterruptedException {
    Assumptions.assumeTrue(GPU.isCuda(), "memory statistics exist for CUDA only");
    Torch.cuda().synchronize();
    long before = Torch.cuda().memoryAllocated();
    Tensor big = Torch.zeros(new long[] {1 << 20}, DType.FLOAT32, GPU);
    assertThat(Torch.cuda().memoryAllocated()).isGreaterThanOrEqualTo(before + (4L << 20));
    big = null;
    for (int i = 0; i < 50 && Torch.cuda().memoryAllocated() > before; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(big).isNull();
    assertThat(Torch.cuda().memoryAllocated()).isLessThanOrEqualTo(before);
    long reserved = Torch.cuda().memoryReserved(0);
    Torch.cuda().emptyCache();
    assertThat(Torch.cuda().memoryReserved(0)).isLessThan(reserved);
  }
}
