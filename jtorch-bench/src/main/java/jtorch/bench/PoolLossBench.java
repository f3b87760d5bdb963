package jtorch.bench;

import java.util.concurrent.TimeUnit;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.nn.functional.F;
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
 * The ConvNet's max pooling and loss at batch 32: {@code max_pool2d(x, 2)} on its cn2 activation
 * [32, 32, 24, 24], and {@code nll_loss(log_softmax(z, 1), y)} on its logits [32, 10]; forward
 * alone (no graph) and forward plus backward (the input gradient).
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
public class PoolLossBench {
  /** Batch size (the inputs are [batch, 32, 24, 24] and [batch, 10]). */
  @Param({"32"})
  public int batch;

  private Tensor x;
  private Tensor g;
  private Tensor z;
  private Tensor y;

  /** Seeded inputs and output gradient; targets from a seeded generator. */
  @Setup
  public void setup() {
    BenchSupport.checkKernels();
    Torch.manualSeed(BenchSupport.SEED);
    x = BenchSupport.randn(BenchSupport.SEED, batch, 32, 24, 24).requiresGrad_();
    g = BenchSupport.randn(BenchSupport.SEED + 1, batch, 32, 12, 12);
    z = BenchSupport.randn(BenchSupport.SEED + 2, batch, 10).requiresGrad_();
    y = Torch.randint(10, new long[] {batch});
  }

  /** {@code max_pool2d(x, 2)} without a graph. */
  @Benchmark
  public Tensor maxPoolForward() {
    try (var guard = Torch.noGrad()) {
      return F.maxPool2d(x, 2);
    }
  }

  /** {@code max_pool2d(x, 2).backward(g)}: forward, then the input gradient. */
  @Benchmark
  public Tensor maxPoolForwardBackward() {
    x.setGrad(null);
    F.maxPool2d(x, 2).backward(g);
    return x.grad();
  }

  /** {@code nll_loss(log_softmax(z, 1), y)} without a graph. */
  @Benchmark
  public Tensor logSoftmaxNllForward() {
    try (var guard = Torch.noGrad()) {
      return F.nllLoss(F.logSoftmax(z, 1), y);
    }
  }

  /** {@code nll_loss(log_softmax(z, 1), y).backward()}: forward, then the logits' gradient. */
  @Benchmark
  public Tensor logSoftmaxNllForwardBackward() {
    z.setGrad(null);
    F.nllLoss(F.logSoftmax(z, 1), y).backward();
    return z.grad();
  }
}
