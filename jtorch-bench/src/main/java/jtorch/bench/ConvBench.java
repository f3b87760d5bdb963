package jtorch.bench;

import java.util.concurrent.TimeUnit;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.nn.Conv2d;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The tutorial ConvNet's two convolutions at its training batch size (32) and at 128: {@code cn1} =
 * Conv2d(1, 16, 3) on [N, 1, 28, 28] and {@code cn2} = Conv2d(16, 32, 3) on [N, 16, 26, 26].
 * Forward alone (no graph) and forward plus backward as in training: weight and bias gradients for
 * both layers, and the input gradient for {@code cn2}, whose input is an activation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {
      BenchSupport.VECTOR_MODULE,
      BenchSupport.NATIVE_ACCESS,
      BenchSupport.UNSAFE_ALLOW,
      BenchSupport.HEAP_MIN,
      BenchSupport.HEAP_MAX,
      BenchSupport.PRE_TOUCH,
      BenchSupport.GC
    })
public class ConvBench {
  /** Images per batch: the training batch, and a larger one. */
  @Param({"32", "128"})
  public int batch;

  private Conv2d cn1;
  private Conv2d cn2;
  private Tensor x1;
  private Tensor x2;
  private Tensor g1;
  private Tensor g2;

  /** Layers with PyTorch's default initialisation and seeded inputs and output gradients. */
  @Setup
  public void setup() {
    BenchSupport.checkKernels();
    Torch.manualSeed(BenchSupport.SEED);
    cn1 = new Conv2d(1, 16, 3, 1);
    cn2 = new Conv2d(16, 32, 3, 1);
    x1 = BenchSupport.randn(BenchSupport.SEED, batch, 1, 28, 28);
    x2 = BenchSupport.randn(BenchSupport.SEED + 1, batch, 16, 26, 26).requiresGrad_();
    g1 = BenchSupport.randn(BenchSupport.SEED + 2, batch, 16, 26, 26);
    g2 = BenchSupport.randn(BenchSupport.SEED + 3, batch, 32, 24, 24);
  }

  /** {@code cn1(x)} without recording a graph. */
  @Benchmark
  public Tensor conv1Forward() {
    try (var guard = Torch.noGrad()) {
      return cn1.forward(x1);
    }
  }

  /** {@code cn1(x).backward(g)}: forward, then the weight and bias gradients. */
  @Benchmark
  public Tensor conv1ForwardBackward() {
    cn1.zeroGrad();
    cn1.forward(x1).backward(g1);
    return cn1.weight.grad();
  }

  /** {@code cn2(x)} without recording a graph. */
  @Benchmark
  public Tensor conv2Forward() {
    try (var guard = Torch.noGrad()) {
      return cn2.forward(x2);
    }
  }

  /** {@code cn2(x).backward(g)}: forward, then input, weight and bias gradients. */
  @Benchmark
  public Tensor conv2ForwardBackward() {
    cn2.zeroGrad();
    x2.setGrad(null);
    cn2.forward(x2).backward(g2);
    return x2.grad();
  }
}
