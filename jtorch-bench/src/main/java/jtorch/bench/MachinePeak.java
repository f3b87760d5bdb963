package jtorch.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures this machine's float32 peak and memory bandwidth, the denominators of the benchmark
 * report's "% of peak" columns: FMA throughput with the Vector API (12 independent accumulator
 * chains of the preferred vector width, enough to cover the FMA latency on two pipes) and
 * STREAM-like copy ({@code b = a}, 8 bytes an element) and triad ({@code a = b + s * c}, 12 bytes
 * an element) over arrays of 128 MiB each, far beyond the caches. Each on one thread and on all
 * threads; the best of several repetitions is kept, as STREAM does. Bytes are counted as the ops
 * must move them (no write-allocate), the same convention as the report's GB/s for elementwise ops.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks.jar jtorch.bench.MachinePeak results/peak.json
 * </pre>
 *
 * <p>prints, for example, {@code fma 1 thread: 110.3 GFLOP/s} ... and writes the figures as JSON.
 */
public final class MachinePeak {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int CHAINS = 12;
  private static final int STREAM_ELEMS = 32 << 20; // 128 MiB a float array

  private MachinePeak() {}

  /**
   * Runs the probes and writes the JSON.
   *
   * @param args the JSON file to write (optional), then the threads for "all" (default: CPUs)
   * @throws Exception if a probe thread fails or the file cannot be written
   */
  public static void main(String[] args) throws Exception {
    int all =
        args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("vector_bits", S.vectorBitSize());
    out.put("threads_all", all);
    out.put("cpus", Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(all);
    try {
      fma(pool, 1); // warm-up: JIT compiles the kernels
      double f1 = best(() -> fma(pool, 1), 5);
      double fa = best(() -> fma(pool, all), 5);
      out.put("fma_gflops_1t", f1);
      out.put("fma_gflops_all", fa);
      print("fma, 1 thread", f1, "GFLOP/s");
      print("fma, " + all + " threads", fa, "GFLOP/s");
      float[] a = new float[STREAM_ELEMS];
      float[] b = new float[STREAM_ELEMS];
      float[] c = new float[STREAM_ELEMS];
      Arrays.fill(a, 1f);
      Arrays.fill(b, 2f);
      Arrays.fill(c, 0.5f);
      stream(pool, 1, a, b, c, false);
      stream(pool, all, a, b, c, true);
      double c1 = best(() -> stream(pool, 1, a, b, c, false), 6);
      double ca = best(() -> stream(pool, all, a, b, c, false), 6);
      double t1 = best(() -> stream(pool, 1, a, b, c, true), 6);
      double ta = best(() -> stream(pool, all, a, b, c, true), 6);
      out.put("copy_gbs_1t", c1);
      out.put("copy_gbs_all", ca);
      out.put("triad_gbs_1t", t1);
      out.put("triad_gbs_all", ta);
      print("copy, 1 thread", c1, "GB/s");
      print("copy, " + all + " threads", ca, "GB/s");
      print("triad, 1 thread", t1, "GB/s");
      print("triad, " + all + " threads", ta, "GB/s");
      out.put("check", a[STREAM_ELEMS / 2] + b[1]);
    } finally {
      pool.shutdown();
    }
    if (args.length > 0) {
      Json.write(Path.of(args[0]), out);
      System.out.println("wrote " + args[0]);
    }
  }

  private static void print(String what, double value, String unit) {
    System.out.printf(Locale.ROOT, "%-18s %7.1f %s%n", what, value, unit);
  }

  private interface Probe {
    double run() throws Exception;
  }

  private static double best(Probe p, int reps) throws Exception {
    double best = 0;
    for (int i = 0; i < reps; i++) {
      best = Math.max(best, p.run());
    }
    return best;
  }

  /** GFLOP/s of {@code threads} threads each running the FMA chains for about 0.3 s. */
  private static double fma(ExecutorService pool, int threads) throws Exception {
    long iters = 60_000_000L;
    List<Callable<Float>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      tasks.add(() -> fmaChains(iters));
    }
    long t0 = System.nanoTime();
    float sink = 0;
    for (Future<Float> f : pool.invokeAll(tasks)) {
      sink += f.get();
    }
    long ns = System.nanoTime() - t0;
    if (Float.isNaN(sink)) {
      throw new IllegalStateException("NaN");
    }
    return 2.0 * CHAINS * S.length() * iters * threads / ns;
  }

  /** {@code CHAINS} independent {@code x = x * m + c} chains; x stays near 1, so no overflow. */
  private static float fmaChains(long iters) {
    FloatVector m = FloatVector.broadcast(S, 0.999999f);
    FloatVector c = FloatVector.broadcast(S, 1e-6f);
    FloatVector x0 = FloatVector.broadcast(S, 1.0f);
    FloatVector x1 = FloatVector.broadcast(S, 1.1f);
    FloatVector x2 = FloatVector.broadcast(S, 1.2f);
    FloatVector x3 = FloatVector.broadcast(S, 1.3f);
    FloatVector x4 = FloatVector.broadcast(S, 1.4f);
    FloatVector x5 = FloatVector.broadcast(S, 1.5f);
    FloatVector x6 = FloatVector.broadcast(S, 1.6f);
    FloatVector x7 = FloatVector.broadcast(S, 1.7f);
    FloatVector x8 = FloatVector.broadcast(S, 1.8f);
    FloatVector x9 = FloatVector.broadcast(S, 1.9f);
    FloatVector x10 = FloatVector.broadcast(S, 2.0f);
    FloatVector x11 = FloatVector.broadcast(S, 2.1f);
    for (long i = 0; i < iters; i++) {
      x0 = x0.fma(m, c);
      x1 = x1.fma(m, c);
      x2 = x2.fma(m, c);
      x3 = x3.fma(m, c);
      x4 = x4.fma(m, c);
      x5 = x5.fma(m, c);
      x6 = x6.fma(m, c);
      x7 = x7.fma(m, c);
      x8 = x8.fma(m, c);
      x9 = x9.fma(m, c);
      x10 = x10.fma(m, c);
      x11 = x11.fma(m, c);
    }
    return x0.add(x1)
        .add(x2)
        .add(x3)
        .add(x4)
        .add(x5)
        .add(x6)
        .add(x7)
        .add(x8)
        .add(x9)
        .add(x10)
        .add(x11)
        .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }

  /** GB/s of copy (or triad) over the arrays, split into {@code threads} contiguous ranges. */
  private static double stream(
      ExecutorService pool, int threads, float[] a, float[] b, float[] c, boolean triad)
      throws Exception {
    int n = a.length;
    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int lo = (int) ((long) n * t / threads);
      int hi = (int) ((long) n * (t + 1) / threads);
      tasks.add(() -> {
        if (triad) {
          triad(a, b, c, lo, hi);
        } else {
          copy(a, b, lo, hi);
        }
        return null;
      });
    }
    long t0 = System.nanoTime();
    for (Future<Void> f : pool.invokeAll(tasks)) {
      f.get();
    }
    long ns = System.nanoTime() - t0;
    return (triad ? 12.0 : 8.0) * n / ns;
  }

  private static void copy(float[] a, float[] b, int lo, int hi) {
    System.arraycopy(a, lo, b, lo, hi - lo);
  }

  private static void triad(float[] a, float[] b, float[] c, int lo, int hi) {
    float s = 0.5f;
    int i = lo;
    for (int bound = lo + S.loopBound(hi - lo); i < bound; i += S.length()) {
      FloatVector vb = FloatVector.fromArray(S, b, i);
      FloatVector vc = FloatVector.fromArray(S, c, i);
      vc.fma(FloatVector.broadcast(S, s), vb).intoArray(a, i);
    }
    for (; i < hi; i++) {
      a[i] = b[i] + s * c[i];
    }
  }
}
