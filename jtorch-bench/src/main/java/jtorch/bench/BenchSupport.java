package jtorch.bench;

import jtorch.DType;
import jtorch.Generator;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.backend.cpu.CpuBackend;

/** Inputs and checks shared by the benchmarks. */
final class BenchSupport {
  /** Seed of every input, so runs (and the PyTorch side, which uses the same one) are alike. */
  static final long SEED = 42;

  // JVM flags of every fork (@Fork.jvmArgsAppend). A -jvmArgsAppend on the JMH command line
  // replaces them; add the scalar switch with -jvmArgsPrepend -Djtorch.vector=false instead.

  /** The Vector API kernels: without it jtorch runs its scalar loops. */
  static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

  /** As the tests run jtorch ({@code jtorch.jvmArgs} in the parent pom). */
  static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

  /** JMH 1.37 calls sun.misc.Unsafe, which JDK 24+ warns about at every fork. */
  static final String UNSAFE_ALLOW = "--sun-misc-unsafe-memory-access=allow";

  /**
   * A fixed heap, ample for the 64 MiB tensors and their outputs, touched up front (AlwaysPreTouch)
   * and collected by ParallelGC as {@code ./jtorch} runs: with a 4 GB heap, first-touch page faults
   * and rare large collections landed in some iterations and not others.
   */
  static final String HEAP_MIN = "-Xms1g";

  /** See {@link #HEAP_MIN}. */
  static final String HEAP_MAX = "-Xmx1g";

  /** See {@link #HEAP_MIN}. */
  static final String PRE_TOUCH = "-XX:+AlwaysPreTouch";

  /** See {@link #HEAP_MIN}. */
  static final String GC = "-XX:+UseParallelGC";

  private BenchSupport() {}

  /**
   * A float32 standard-normal tensor of {@code shape}, drawn from a generator seeded {@code seed}.
   */
  static Tensor randn(long seed, long... shape) {
    Tensor t = Torch.randn(shape, DType.FLOAT32, new Generator(seed));
    if (t.dtype() != DType.FLOAT32 || !t.isContiguous()) {
      throw new IllegalStateException("benchmark input is not contiguous float32: " + t);
    }
    return t;
  }

  /**
   * Fails the fork when the float32 kernels are not the ones asked for, so that a missing {@code
   * --add-modules jdk.incubator.vector} cannot pass for a vector run: {@code -Djtorch.vector=false}
   * expects {@code scalar}, anything else expects {@code vector(...)}.
   */
  static void checkKernels() {
    String kernels = CpuBackend.floatKernels();
    boolean wantScalar = "false".equals(System.getProperty("jtorch.vector"));
    boolean scalar = kernels.startsWith("scalar");
    if (wantScalar != scalar) {
      throw new IllegalStateException(
          "jtorch runs the "
              + kernels
              + " float32 kernels but "
              + (wantScalar ? "scalar" : "vector")
              + " ones were asked for; run the fork with --add-modules jdk.incubator.vector"
              + " (vector) or -Djtorch.vector=false (scalar)");
    }
  }
}
