package jtorch.bench;

import java.util.concurrent.TimeUnit;
import jtorch.Tensor;
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

/** Square float32 matrix product {@code [n, n] @ [n, n]}: {@code 2 n^3} flops a call. */
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
public class MatmulBench {
  /** Rows = inner size = columns. */
  @Param({"128", "256", "512", "1024", "2048"})
  public int n;

  private Tensor a;
  private Tensor b;

  /** Two seeded standard-normal matrices. */
  @Setup
  public void setup() {
    BenchSupport.checkKernels();
    a = BenchSupport.randn(BenchSupport.SEED, n, n);
    b = BenchSupport.randn(BenchSupport.SEED + 1, n, n);
  }

  /** {@code a @ b}. */
  @Benchmark
  public Tensor matmul() {
    return a.matmul(b);
  }
}
