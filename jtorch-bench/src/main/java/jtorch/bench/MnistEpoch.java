package jtorch.bench;

import com.sun.management.ThreadMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.backend.cpu.CpuBackend;
import jtorch.nn.Sequential;
import jtorch.nn.functional.F;
import jtorch.nn.functional.Reduction;
import jtorch.optim.Adadelta;
import jtorch.utils.data.Batch;
import jtorch.utils.data.DataLoader;
import jtorch.utils.data.Dataset;
import jtorch.utils.data.Example;
import jtorch.utils.data.Subset;
import jtorch.vision.datasets.DownloadOptions;
import jtorch.vision.datasets.MNIST;
import jtorch.vision.transforms.Compose;
import jtorch.vision.transforms.Normalize;
import jtorch.vision.transforms.ToTensor;

/**
 * End to end in jtorch: training epochs of the tutorial's ConvNet ({@link TutorialNet}) on MNIST as
 * {@code jtorch mnist} trains it (ToTensor + Normalize(0.1302, 0.3069), shuffled batches of 32,
 * Adadelta(lr 0.5), nll loss), each followed by inference over the 10,000 test images at batch 500
 * under no-grad. Per epoch it reports wall times, samples per second, the bytes allocated by all
 * threads (and so the allocation rate), GC counts and time, and the heap in use after a full GC
 * (flat over epochs = no leak); over the run, the peak heap (the heap pools' peak usage, summed,
 * after resetting the peaks once the data is loaded; with a capped heap this is about the cap, as
 * the young generation fills up before each collection), the largest heap in use right after a
 * collection (what the run needs live) and the peak resident set.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks.jar jtorch.bench.MnistEpoch \
 *     --data data --epochs 1 --out results/e2e-jtorch.json
 * </pre>
 *
 * <p>Options: {@code --data DIR} (dataset root, files in DIR/MNIST/raw; default data), {@code
 * --mirror DIR} (where to copy the four .gz files from; default $JTORCH_MNIST_MIRROR, else
 * ../shared/data/mnist when present), {@code --epochs N} (1), {@code --batch-limit B} (train on
 * only the first B batches an epoch, for smoke runs), {@code --test-limit N} (test on the first N
 * images), {@code --infer-repeats R} (timed inference passes after training; 3), {@code --workers
 * W} (background loading threads as {@code jtorch mnist --workers}; default 1, the CLI's), {@code
 * --seed S} (0), {@code --out FILE} (JSON).
 */
public final class MnistEpoch {
  private static final String USAGE =
      "usage: MnistEpoch [--data DIR] [--mirror DIR] [--epochs N] [--batch-limit B]"
          + " [--test-limit N] [--workers W] [--seed S] [--out FILE]";

  private MnistEpoch() {}

  /**
   * Runs the epochs and prints and writes the figures.
   *
   * @param args the options above
   * @throws Exception if the data cannot be read or the result not written
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> o =
        E2eSupport.options(
            args,
            List.of(
                "data",
                "mirror",
                "epochs",
                "batch-limit",
                "test-limit",
                "infer-repeats",
                "workers",
                "seed",
                "out"),
            USAGE);
    int epochs = Integer.parseInt(o.getOrDefault("epochs", "1"));
    int batchLimit = Integer.parseInt(o.getOrDefault("batch-limit", "0"));
    int testLimit = Integer.parseInt(o.getOrDefault("test-limit", "0"));
    int inferRepeats = Integer.parseInt(o.getOrDefault("infer-repeats", "3"));
    int workers = Integer.parseInt(o.getOrDefault("workers", "1"));
    long seed = Long.parseLong(o.getOrDefault("seed", "0"));

    long l0 = System.nanoTime();
    Torch.manualSeed(seed);
    var transform = new Compose(new ToTensor(), new Normalize(0.1302, 0.3069));
    DownloadOptions dl = downloadOptions(o.get("mirror"));
    Path data = Path.of(o.getOrDefault("data", "data"));
    Dataset<Example> train = new MNIST(data, true, true, transform, dl);
    Dataset<Example> test = new MNIST(data, false, true, transform, dl);
    if (testLimit > 0 && testLimit < test.size()) {
      test = new Subset<>(test, IntStream.range(0, testLimit).toArray());
    }
    var trainLoader =
        DataLoader.builder(train)
            .batchSize(TutorialNet.BATCH)
            .shuffle(true)
            .seed(seed)
            .numWorkers(workers)
            .build();
    var testLoader =
        DataLoader.builder(test).batchSize(TutorialNet.TEST_BATCH).numWorkers(workers).build();
    Sequential model = TutorialNet.create();
    Adadelta opt = new Adadelta(model.parameters(), TutorialNet.LR);
    double loadS = (System.nanoTime() - l0) / 1e9;
    int threads = ForkJoinPool.getCommonPoolParallelism() + 1;
    System.out.printf(
        Locale.ROOT,
        "jtorch MnistEpoch: kernels %s, %d threads, %d loader worker(s), %s; data loaded in %.1f s%n",
        CpuBackend.floatKernels(),
        threads,
        workers,
        Runtime.version(),
        loadS);

    var tmx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    List<MemoryPoolMXBean> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .toList();
    System.gc();
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
    LiveHeap live = new LiveHeap();
    List<Map<String, Object>> perEpoch = new ArrayList<>();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long gc0 = gcCount();
      long gcMs0 = gcMillis();
      long a0 = tmx.getTotalThreadAllocatedBytes();
      long t0 = System.nanoTime();
      model.train();
      int batches = 0;
      long samples = 0;
      double lastLoss = Double.NaN;
      for (Batch b : trainLoader) {
        opt.zeroGrad();
        Tensor loss = F.nllLoss(model.forward(b.input()), b.target());
        loss.backward();
        opt.step();
        lastLoss = loss.item();
        samples += b.size();
        if (++batches == batchLimit) {
          break;
        }
      }
      long t1 = System.nanoTime();
      long a1 = tmx.getTotalThreadAllocatedBytes();
      long gc1 = gcCount();
      long gcMs1 = gcMillis();
      double[] tr = test(model, testLoader);
      double testLoss = tr[0];
      long correct = (long) tr[1];
      long testSamples = (long) tr[2];
      long t2 = System.nanoTime();
      long a2 = tmx.getTotalThreadAllocatedBytes();
      System.gc();
      double heapAfterGc = heapPools.stream().mapToLong(p -> p.getUsage().getUsed()).sum() / 1e6;

      double trainS = (t1 - t0) / 1e9;
      double testS = (t2 - t1) / 1e9;
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("epoch", epoch);
      e.put("train_batches", batches);
      e.put("train_samples", samples);
      e.put("train_s", trainS);
      e.put("train_samples_per_s", samples / trainS);
      e.put("last_loss", lastLoss);
      e.put("train_alloc_mb", (a1 - a0) / 1e6);
      e.put("train_alloc_mb_per_s", (a1 - a0) / 1e6 / trainS);
      e.put("train_gc_count", gc1 - gc0);
      e.put("train_gc_ms", gcMs1 - gcMs0);
      e.put("test_samples", testSamples);
      e.put("test_s", testS);
      e.put("test_samples_per_s", testSamples / testS);
      e.put("test_alloc_mb", (a2 - a1) / 1e6);
      e.put("test_alloc_mb_per_s", (a2 - a1) / 1e6 / testS);
      e.put("test_loss", testLoss / testSamples);
      e.put("test_correct", correct);
      e.put("heap_after_gc_mb", heapAfterGc);
      perEpoch.add(e);
      System.out.printf(
          Locale.ROOT,
          "epoch %d: train %.2f s (%d batches, %.0f samples/s, %.0f MB/s allocated, %d GCs %d ms),"
              + " test %.2f s (%.0f samples/s, accuracy %d/%d), heap after GC %.1f MB%n",
          epoch,
          trainS,
          batches,
          samples / trainS,
          (a1 - a0) / 1e6 / trainS,
          gc1 - gc0,
          gcMs1 - gcMs0,
          testS,
          testSamples / testS,
          correct,
          testSamples,
          heapAfterGc);
    }
    // Inference alone, repeated after training (the test pass of each epoch above follows
    // training; these time it again with everything warm).
    List<Double> infer = new ArrayList<>();
    long ia0 = tmx.getTotalThreadAllocatedBytes();
    for (int r = 0; r < inferRepeats; r++) {
      long t0 = System.nanoTime();
      test(model, testLoader);
      infer.add((System.nanoTime() - t0) / 1e9);
    }
    double inferAllocMb = (tmx.getTotalThreadAllocatedBytes() - ia0) / 1e6;
    double inferS = E2eSupport.median(infer);
    int nTest = test.size();
    if (inferRepeats > 0) {
      System.out.printf(
          Locale.ROOT,
          "inference over %d test images at batch %d: median %.3f s of %d (%.0f samples/s)%n",
          nTest,
          TutorialNet.TEST_BATCH,
          inferS,
          inferRepeats,
          nTest / inferS);
    }
    double peakHeap = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / 1e6;
    double peakRss = E2eSupport.peakRssMb();
    double peakLive = live.peakMb();
    live.close();
    System.out.printf(
        Locale.ROOT,
        "peak heap %.1f MB (heap pools' peaks summed), peak heap after a GC %.1f MB, peak RSS %.1f"
            + " MB, max heap %.0f MB%n",
        peakHeap,
        peakLive,
        peakRss,
        Runtime.getRuntime().maxMemory() / 1e6);

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("side", "jtorch");
    out.put("kernels", CpuBackend.floatKernels());
    out.put("java", Runtime.version().toString());
    out.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
    out.put(
        "gc",
        ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
    out.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1e6);
    out.put("threads", threads);
    out.put("loader_workers", workers);
    out.put("batch", TutorialNet.BATCH);
    out.put("test_batch", TutorialNet.TEST_BATCH);
    out.put("lr", TutorialNet.LR);
    out.put("batch_limit", batchLimit);
    out.put("load_s", loadS);
    out.put("peak_heap_mb", peakHeap);
    out.put("peak_heap_after_gc_mb", peakLive);
    out.put("peak_rss_mb", peakRss);
    out.put("epochs", perEpoch);
    out.put("infer_s", infer);
    out.put("infer_samples", nTest);
    out.put("infer_median_s", inferS);
    out.put("infer_samples_per_s", nTest / inferS);
    out.put("infer_alloc_mb_per_s", inferAllocMb / infer.stream().mapToDouble(d -> d).sum());
    if (o.containsKey("out")) {
      Json.write(Path.of(o.get("out")), out);
    }
  }

  /** One pass over the test set under no-grad: {summed nll loss, correct, images}. */
  private static double[] test(Sequential model, DataLoader<?> loader) {
    model.eval();
    double loss = 0;
    long correct = 0;
    long n = 0;
    try (var guard = Torch.noGrad()) {
      for (Batch b : loader) {
        Tensor logp = model.forward(b.input());
        loss += F.nllLoss(logp, b.target(), Reduction.SUM).item();
        Tensor pred = logp.argmax(1, true);
        correct += pred.eq(b.target().viewAs(pred)).sum().itemLong();
        n += b.size();
      }
    }
    return new double[] {loss, correct, n};
  }

  private static long gcCount() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionCount)
        .sum();
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime)
        .sum();
  }

  /**
   * The mirror given, else $JTORCH_MNIST_MIRROR, else ../shared/data/mnist, then the public ones.
   */
  private static DownloadOptions downloadOptions(String mirror) {
    String m = mirror != null ? mirror : System.getenv("JTORCH_MNIST_MIRROR");
    if ((m == null || m.isBlank())
        && Files.isRegularFile(Path.of("../shared/data/mnist/SHA256SUMS"))) {
      m = "../shared/data/mnist";
    }
    if (m == null || m.isBlank()) {
      return DownloadOptions.defaults();
    }
    List<URI> uris = new ArrayList<>();
    uris.add(
        m.startsWith("http://") || m.startsWith("https://")
            ? URI.create(m)
            : Path.of(m).toAbsolutePath().toUri());
    uris.addAll(MNIST.MIRRORS);
    return DownloadOptions.defaults().mirrors(uris);
  }
}
