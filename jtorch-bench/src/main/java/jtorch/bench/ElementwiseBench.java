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
 * Memory-bound float32 ops on contiguous 1-D tensors: {@code add} and {@code mul} (read 8, write 4
 * bytes an element), {@code relu} and {@code exp} (read 4, write 4). Each call allocates its
 * output, as the PyTorch and libtorch calls it is compared with do; {@link #addInPlace} is the same
 * add into an existing tensor. The reductions are in {@link ReductionBench}.
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
public class ElementwiseBench {
  /** Elements: 1M (4 MiB, fits the L2 + L3), 4M (16 MiB) and 16M (64 MiB, from memory). */
  @Param({"1048576", "4194304", "16777216"})
  public int size;

  private Tensor a;
  private Tensor b;
  private Tensor acc;

  /** Two seeded standard-normal inputs. */
  @Setup
  public void setup() {
    BenchSupport.checkKernels();
    a = BenchSupport.randn(BenchSupport.SEED, size);
    b = BenchSupport.randn(BenchSupport.SEED + 1, size);
    acc = BenchSupport.randn(BenchSupport.SEED + 2, size);
  }

  /** {@code a + b}. */
  @Benchmark
  public Tensor add() {
    return a.add(b);
  }

  /**
   * {@code acc += b} in place: the same loop as {@link #add} without allocating an output, to tell
   * the kernel's cost from the allocation's. ({@code acc} grows by a normal sample a call, far from
   * overflow in any run.)
   */
  @Benchmark
  public Tensor addInPlace() {
    return acc.add_(b);
  }

  /** {@code relu(a)}. */
  @Benchmark
  public Tensor relu() {
    return a.relu();
  }

  /** {@code a * b}. */
  @Benchmark
  public Tensor mul() {
    return a.mul(b);
  }

  /** {@code exp(a)}. */
  @Benchmark
  public Tensor exp() {
    return a.exp();
  }
}
