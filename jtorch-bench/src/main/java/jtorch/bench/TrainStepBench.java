package jtorch.bench;

import java.util.concurrent.TimeUnit;
import jtorch.DType;
import jtorch.Generator;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.nn.Sequential;
import jtorch.nn.functional.F;
import jtorch.optim.Adadelta;
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
 * One training step of the tutorial's ConvNet ({@link TutorialNet}) at batch 32, as {@code jtorch
 * mnist} trains: {@code zero_grad}, forward, {@code nll_loss}, {@code backward}, Adadelta(lr 0.5)
 * {@code step}, and the loss read back with {@code item()}. Inputs are eight seeded batches of
 * normal noise used in turn (the cost of a step does not depend on the pixel values). Warm-up is 15
 * s: the first step takes over a second and steps keep getting faster for about 500 steps (5-6 s)
 * while C2 compiles the kernels, so 3 s of warm-up measured a step 40 % too slow.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 1)
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
public class TrainStepBench {
  /** Images per batch. */
  @Param({"32"})
  public int batch;

  private static final int POOL = 8;
  private Sequential model;
  private Adadelta opt;
  private Tensor[] xs;
  private Tensor[] ys;
  private int next;

  /** The network in training mode, its optimizer and the input batches. */
  @Setup
  public void setup() {
    BenchSupport.checkKernels();
    Torch.manualSeed(BenchSupport.SEED);
    model = TutorialNet.create();
    model.train();
    opt = new Adadelta(model.parameters(), TutorialNet.LR);
    Generator gen = new Generator(BenchSupport.SEED);
    xs = new Tensor[POOL];
    ys = new Tensor[POOL];
    for (int i = 0; i < POOL; i++) {
      xs[i] = Torch.randn(new long[] {batch, 1, 28, 28}, DType.FLOAT32, gen);
      ys[i] = Torch.randint(10, new long[] {batch});
    }
  }

  /** One step; returns the loss. */
  @Benchmark
  public double trainStep() {
    int b = next;
    next = (next + 1) % POOL;
    opt.zeroGrad();
    Tensor loss = F.nllLoss(model.forward(xs[b]), ys[b]);
    loss.backward();
    opt.step();
    return loss.item();
  }
}
