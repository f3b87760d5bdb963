package jtorch.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jtorch.Tensor;

/**
 * jtorch's pure-Java float32 matmul beside OpenBLAS's {@code cblas_sgemm}, called through the FFM
 * API, on the same shapes and thread count: the measurement behind keeping (or not) a native BLAS
 * path in jtorch. OpenBLAS is not a jtorch dependency; this program looks for it where Debian's
 * {@code libopenblas0-pthread} puts it, or at the path given as the second argument.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Djtorch.blas=java \
 *     -cp benchmarks.jar jtorch.bench.BlasCompare results/blas.json
 * </pre>
 *
 * <p>Each shape: square 128-2048 and the ConvNet's own products (conv2's per-sample forward and
 * input gradient, fc1 at batch 32); the best of 15 timed runs of enough calls for 50 ms, after a
 * warm-up of 1 s. OpenBLAS runs with {@code openblas_set_num_threads(threads)}, jtorch with its
 * common fork-join pool of the same size ({@code -Djava.util.concurrent.ForkJoinPool.common.
 * parallelism=threads-1}).
 */
@SuppressWarnings("restricted") // FFM calls into OpenBLAS, by design
public final class BlasCompare {
  private static final String[] LIBS = {
    "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0",
    "/usr/lib/x86_64-linux-gnu/libopenblas.so.0"
  };
  private static final int ROW_MAJOR = 101;
  private static final int NO_TRANS = 111;

  private BlasCompare() {}

  /** Runs the comparison; args: output JSON file, optionally the OpenBLAS library path. */
  public static void main(String[] args) throws Throwable {
    Path out = Path.of(args.length > 0 ? args[0] : "jtorch-bench/results/blas.json");
    String lib = args.length > 1 ? args[1] : null;
    for (String candidate : LIBS) {
      if (lib == null && Files.exists(Path.of(candidate))) {
        lib = candidate;
      }
    }
    if (lib == null) {
      System.err.println(
          "BlasCompare: no OpenBLAS found (looked at "
              + String.join(", ", LIBS)
              + "); install it with apt-get install libopenblas0-pthread or pass its path.");
      System.exit(2);
    }
    if (jtorch.backend.cpu.CpuBackend.floatKernels().contains("OpenBLAS")) {
      System.err.println(
          "BlasCompare: jtorch's own matmul would call OpenBLAS too; run with -Djtorch.blas=java");
      System.exit(2);
    }
    int threads = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1;
    Linker linker = Linker.nativeLinker();
    SymbolLookup blas = SymbolLookup.libraryLookup(Path.of(lib), Arena.global());
    linker
        .downcallHandle(
            blas.find("openblas_set_num_threads").orElseThrow(),
            FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT))
        .invokeExact(threads);
    MethodHandle sgemm =
        linker.downcallHandle(
            blas.find("cblas_sgemm").orElseThrow(),
            FunctionDescriptor.ofVoid(
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_FLOAT,
                ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT,
                ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT,
                ValueLayout.JAVA_FLOAT,
                ValueLayout.ADDRESS,
                ValueLayout.JAVA_INT),
            Linker.Option.critical(true));
    int[][] shapes = {
      {128, 128, 128},
      {256, 256, 256},
      {512, 512, 512},
      {1024, 1024, 1024},
      {2048, 2048, 2048},
      {32, 144, 622}, // conv2 forward, one sample (flat columns)
      {144, 32, 622}, // conv2 input gradient, one sample
      {32, 4608, 64} // fc1 forward at batch 32
    };
    System.out.printf(
        Locale.ROOT,
        "OpenBLAS %s, %d thread(s)%n%-16s %10s %10s %7s%n",
        lib,
        threads,
        "m x k x n",
        "jtorch",
        "OpenBLAS",
        "ratio");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int[] s : shapes) {
      int m = s[0];
      int k = s[1];
      int n = s[2];
      Tensor a = BenchSupport.randn(1, m, k);
      Tensor b = BenchSupport.randn(2, k, n);
      float[] fa = a.toFloatArray();
      float[] fb = b.toFloatArray();
      float[] fc = new float[m * n];
      MemorySegment sa = MemorySegment.ofArray(fa);
      MemorySegment sb = MemorySegment.ofArray(fb);
      MemorySegment sc = MemorySegment.ofArray(fc);
      double jt = secondsPerCall(() -> a.matmul(b));
      double ob =
          secondsPerCall(() -> {
            try {
              sgemm.invokeExact(
                  ROW_MAJOR, NO_TRANS, NO_TRANS, m, n, k, 1f, sa, k, sb, n, 0f, sc, n);
            } catch (Throwable e) {
              throw new IllegalStateException(e);
            }
          });
      double flop = 2.0 * m * k * n;
      System.out.printf(
          Locale.ROOT,
          "%-16s %7.1f GF %7.1f GF %7.2f%n",
          m + "x" + k + "x" + n,
          flop / jt / 1e9,
          flop / ob / 1e9,
          jt / ob);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("shape", m + "x" + k + "x" + n);
      row.put("jtorch_s", jt);
      row.put("openblas_s", ob);
      row.put("jtorch_gflops", flop / jt / 1e9);
      row.put("openblas_gflops", flop / ob / 1e9);
      rows.add(row);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openblas", lib);
    doc.put("threads", threads);
    doc.put("rows", rows);
    Json.write(out, doc);
    System.out.println("wrote " + out);
  }

  /** The best of 15 runs of enough calls for about 50 ms, after about 1 s of warm-up. */
  private static double secondsPerCall(Runnable call) {
    long warmEnd = System.nanoTime() + 1_000_000_000L;
    int calls = 0;
    while (System.nanoTime() < warmEnd) {
      call.run();
      calls++;
    }
    int batch = Math.max(1, calls / 20);
    double best = Double.MAX_VALUE;
    for (int r = 0; r < 15; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < batch; i++) {
        call.run();
      }
      best = Math.min(best, (System.nanoTime() - t0) / 1e9 / batch);
    }
    return best;
  }
}
