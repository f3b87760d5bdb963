package jtorch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.global.torch;

/**
 * The JMH cases of this module, timed in libtorch 2.10 (JavaCPP's {@code org.bytedeco:pytorch}) the
 * way {@code torch_bench.py} times them in PyTorch 1.13: the same ops, shapes and names; each case
 * warmed up (at least 2 calls and {@code --warmup} seconds), then timed in samples of batched calls
 * (at least 20 ms a sample) for {@code --time} seconds; the median per-call time is kept. Each call
 * runs in a {@link PointerScope}, so its tensors are freed when it returns, as Python's reference
 * counting frees them. Writes the same JSON layout as {@code torch_bench.py}.
 *
 * <pre>
 * java -cp benchmarks.jar:target-bench/libtorch/* jtorch.bench.LibtorchBench --out libtorch.json
 * </pre>
 *
 * <p>Options: {@code --out FILE}, {@code --threads T} (2), {@code --warmup S} (1), {@code --time S}
 * (3), {@code --min-samples N} (5), {@code --max-samples N} (200), {@code --quiet-wait S} (0: wait
 * up to S seconds before each case for idle CPUs), {@code --filter REGEX} (on "op:size").
 */
public final class LibtorchBench {
  private static final String USAGE =
      "usage: LibtorchBench [--out FILE] [--threads T] [--warmup S] [--time S] [--min-samples N]"
          + " [--max-samples N] [--quiet-wait S] [--filter REGEX]";

  private LibtorchBench() {}

  /**
   * A case: its name and size as the report keys it, one call, and whether the call is one BLAS
   * product (then OpenBLAS gets all threads; otherwise one, see {@link LibtorchNet#init}).
   */
  record Case(String op, Object size, Runnable call, boolean blas) {
    Case(String op, Object size, Runnable call) {
      this(op, size, call, false);
    }
  }

  /**
   * Runs the cases and writes the JSON.
   *
   * @param args the options above
   * @throws Exception if the result cannot be written or the wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> o =
        E2eSupport.options(
            args,
            List.of(
                "out",
                "threads",
                "warmup",
                "time",
                "min-samples",
                "max-samples",
                "quiet-wait",
                "filter"),
            USAGE);
    int threads = Integer.parseInt(o.getOrDefault("threads", "2"));
    double warmup = Double.parseDouble(o.getOrDefault("warmup", "1"));
    double time = Double.parseDouble(o.getOrDefault("time", "3"));
    int minSamples = Integer.parseInt(o.getOrDefault("min-samples", "5"));
    int maxSamples = Integer.parseInt(o.getOrDefault("max-samples", "200"));
    double quietWait = Double.parseDouble(o.getOrDefault("quiet-wait", "0"));
    Pattern filter = o.containsKey("filter") ? Pattern.compile(o.get("filter")) : null;
    String info = LibtorchNet.init(threads);
    System.out.println(info.lines().findFirst().orElse(""));

    List<Map<String, Object>> results = new ArrayList<>();
    for (Case c : LibtorchCases.all()) {
      if (filter != null && !filter.matcher(c.op() + ":" + c.size()).find()) {
        continue;
      }
      Integer busy = quietWait > 0 ? waitQuiet(quietWait) : null;
      LibtorchNet.blasThreads(c.blas() ? threads : 1);
      Map<String, Object> r = timeCase(c.call(), warmup, time, minSamples, maxSamples);
      r.put("op", c.op());
      r.put("size", c.size());
      r.put("busy_before", busy);
      results.add(r);
      System.out.printf(
          Locale.ROOT,
          "  libtorch %-22s %12s  %12.1f us  (%d samples x %d calls)%n",
          c.op(),
          c.size(),
          (double) r.get("median_s") * 1e6,
          r.get("samples"),
          r.get("calls_per_sample"));
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("torch_version", info.replaceAll("(?s)^libtorch (\\S+).*", "$1"));
    facts.put("threads", torch.get_num_threads());
    facts.put("mkl", torch.hasMKL());
    facts.put("mkldnn", torch.hasMKLDNN());
    facts.put("config", info);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("warmup_s", warmup);
    settings.put("time_s", time);
    settings.put("min_samples", minSamples);
    settings.put("seed", BenchSupport.SEED);
    settings.put("dtype", "float32");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("facts", facts);
    out.put("settings", settings);
    out.put("results", results);
    if (o.containsKey("out")) {
      Json.write(Path.of(o.get("out")), out);
    }
  }

  static void scoped(Runnable r) {
    try (PointerScope scope = new PointerScope()) {
      r.run();
    }
  }

  static void noGrad(Runnable r) {
    try (PointerScope scope = new PointerScope();
        var guard = new NoGradGuard()) {
      r.run();
    }
  }

  private static Map<String, Object> timeCase(
      Runnable call, double warmupS, double measureS, int minSamples, int maxSamples) {
    int calls = 0;
    long start = System.nanoTime();
    while (calls < 2 || System.nanoTime() - start < warmupS * 1e9) {
      call.run();
      calls++;
    }
    double estimate = (System.nanoTime() - start) / 1e9 / calls;
    int batch = (int) Math.max(1, Math.ceil(0.02 / Math.max(estimate, 1e-9)));
    List<Double> samples = new ArrayList<>();
    long begin = System.nanoTime();
    while (samples.size() < maxSamples
        && (samples.size() < minSamples || System.nanoTime() - begin < measureS * 1e9)) {
      long t0 = System.nanoTime();
      for (int i = 0; i < batch; i++) {
        call.run();
      }
      samples.add((System.nanoTime() - t0) / 1e9 / batch);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("median_s", E2eSupport.median(samples));
    r.put("min_s", samples.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
    r.put("max_s", samples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    r.put("samples", samples.size());
    r.put("calls_per_sample", batch);
    r.put("samples_s", samples);
    return r;
  }

  /** As run-bench.sh's wait_quiet: waits up to limitS for < 10 % CPU use; returns the last %. */
  private static Integer waitQuiet(double limitS) throws InterruptedException {
    int busy = cpuBusy();
    int waited = 0;
    while (busy > 10 && waited < limitS) {
      System.out.printf(
          Locale.ROOT,
          "   other processes use %d%% of the CPUs; waiting (up to %.0fs)...%n",
          busy,
          limitS);
      Thread.sleep(8000);
      waited += 10;
      busy = cpuBusy();
    }
    return busy < 0 ? null : busy;
  }

  private static int cpuBusy() throws InterruptedException {
    long[] a = stat();
    Thread.sleep(2000);
    long[] b = stat();
    if (a == null || b == null) {
      return -1;
    }
    long idle = (b[3] + b[4]) - (a[3] + a[4]);
    long total = 0;
    for (int i = 0; i < 8; i++) {
      total += b[i] - a[i];
    }
    return (int) Math.round(100.0 * (total - idle) / Math.max(total, 1));
  }

  private static long[] stat() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
      long[] v = new long[8];
      for (int i = 0; i < 8; i++) {
        v[i] = Long.parseLong(f[i + 1]);
      }
      return v;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
