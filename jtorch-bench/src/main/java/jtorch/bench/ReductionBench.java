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

/**
 * Memory-bound float32 reductions (each reads 4 bytes an element): the full {@code sum}, and {@code
 * mean} and {@code max} along the last dimension of the same elements viewed as rows of 1024,
 * {@code [size / 1024, 1024]}.
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
public class ReductionBench {
  /** Elements: 1M (4 MiB, fits the L2 + L3), 4M (16 MiB) and 16M (64 MiB, from memory). */
  @Param({"1048576", "4194304", "16777216"})
  public int size;

  private Tensor a;
  private Tensor rows;

  /** A seeded standard-normal input, flat and as rows of 1024. */
  @Setup
  public void setup() {
    BenchSupport.checkKernels();
    a = BenchSupport.randn(BenchSupport.SEED, size);
    rows = a.view(size / 1024, 1024);
  }

  /** Sum of all elements of {@code a}, a 0-d tensor. */
  @Benchmark
  public Tensor sum() {
    return a.sum();
  }

  /** Mean of each row of 1024: {@code a.view(-1, 1024).mean(1)}. */
  @Benchmark
  public Tensor meanDim() {
    return rows.mean(1);
  }

  /** Maximum of each row of 1024 and its index: {@code a.view(-1, 1024).max(1)}. */
  @Benchmark
  public Tensor maxDim() {
    return rows.max(1).values();
  }
}
