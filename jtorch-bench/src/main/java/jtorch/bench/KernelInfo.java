package jtorch.bench;

import java.util.concurrent.ForkJoinPool;
import jtorch.backend.cpu.CpuBackend;

/**
 * Prints, as {@code key=value} lines, what the report needs to know about the JVM that runs the
 * benchmarks: which float32 kernels jtorch picked and the JDK. run-bench.sh starts it with the same
 * flags as the JMH forks.
 */
public final class KernelInfo {
  private KernelInfo() {}

  /**
   * Prints the facts.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.out.println("kernels=" + CpuBackend.floatKernels());
    System.out.println("java.version=" + System.getProperty("java.version"));
    System.out.println("java.vm=" + System.getProperty("java.vm.name"));
    System.out.println("java.vendor=" + System.getProperty("java.vendor"));
    System.out.println("cpus=" + Runtime.getRuntime().availableProcessors());
    System.out.println("threads=" + (ForkJoinPool.getCommonPoolParallelism() + 1));
    System.out.println("jtorch.vector=" + System.getProperty("jtorch.vector", ""));
  }
}
