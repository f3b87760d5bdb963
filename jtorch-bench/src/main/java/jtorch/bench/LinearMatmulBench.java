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
 * The matrix products of the ConvNet's two linear layers at batch 32, as {@code [M, K] @ [K, N]} on
 * contiguous inputs ({@code 2 M K N} flops a call): fc1 = Linear(4608, 64) forward {@code
 * 32x4608x64}, its weight gradient {@code 64x32x4608} (g^T x) and input gradient {@code 32x64x4608}
 * (g W); fc2 = Linear(64, 10) forward {@code 32x64x10}, weight gradient {@code 10x32x64}, input
 * gradient {@code 32x10x64}.
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
public class LinearMatmulBench {
  /** {@code MxKxN}. */
  @Param({"32x4608x64", "64x32x4608", "32x64x4608", "32x64x10", "10x32x64", "32x10x64"})
  public String shape;

  private Tensor a;
  private Tensor b;

  /** Two seeded standard-normal matrices of the shape's sizes. */
  @Setup
  public void setup() {
    BenchSupport.checkKernels();
    String[] mkn = shape.split("x");
    long m = Long.parseLong(mkn[0]);
    long k = Long.parseLong(mkn[1]);
    long n = Long.parseLong(mkn[2]);
    a = BenchSupport.randn(BenchSupport.SEED, m, k);
    b = BenchSupport.randn(BenchSupport.SEED + 1, k, n);
  }

  /** {@code a @ b}. */
  @Benchmark
  public Tensor mm() {
    return a.matmul(b);
  }
}
