package jtorch.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * {@link MnistEpoch}'s job in libtorch 2.10 ({@link LibtorchNet}): training epochs of the
 * tutorial's ConvNet on MNIST (images as one float tensor normalised (x / 255 - 0.1302) / 0.3069, a
 * fresh {@code randperm} each epoch, batches of 32 gathered with {@code index_select}, Adadelta lr
 * 0.5), each followed by inference over the test set at batch 500 under {@code NoGradGuard}.
 * Reports wall times, samples per second and the peak resident set; the per-step tensors are freed
 * by a {@link PointerScope} a batch. Run from the class path with the libtorch jars (run-bench.sh
 * does):
 *
 * <pre>
 * java -cp benchmarks.jar:target-bench/libtorch/* jtorch.bench.LibtorchMnistEpoch --data data
 * </pre>
 *
 * <p>Options: {@code --data DIR} (MNIST's .gz files in DIR/MNIST/raw, else in DIR; default data),
 * {@code --epochs N} (1), {@code --batch-limit B}, {@code --test-limit N}, {@code --infer-repeats
 * R} (timed inference passes after training; 3), {@code --threads T} (2), {@code --seed S} (0),
 * {@code --out FILE}.
 */
public final class LibtorchMnistEpoch {
  private static final String USAGE =
      "usage: LibtorchMnistEpoch [--data DIR] [--epochs N] [--batch-limit B] [--test-limit N]"
          + " [--threads T] [--seed S] [--out FILE]";

  private LibtorchMnistEpoch() {}

  /**
   * Runs the epochs and prints and writes the figures.
   *
   * @param args the options above
   * @throws IOException if the data cannot be read or the result not written
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> o =
        E2eSupport.options(
            args,
            List.of(
                "data",
                "epochs",
                "batch-limit",
                "test-limit",
                "infer-repeats",
                "threads",
                "seed",
                "out"),
            USAGE);
    int epochs = Integer.parseInt(o.getOrDefault("epochs", "1"));
    int batchLimit = Integer.parseInt(o.getOrDefault("batch-limit", "0"));
    int testLimit = Integer.parseInt(o.getOrDefault("test-limit", "0"));
    int threads = Integer.parseInt(o.getOrDefault("threads", "2"));
    int inferRepeats = Integer.parseInt(o.getOrDefault("infer-repeats", "3"));
    long seed = Long.parseLong(o.getOrDefault("seed", "0"));
    String info = LibtorchNet.init(threads);
    System.out.println(info);

    long l0 = System.nanoTime();
    Path dir = Path.of(o.getOrDefault("data", "data"));
    if (Files.isDirectory(dir.resolve("MNIST/raw"))) {
      dir = dir.resolve("MNIST/raw");
    }
    Tensor trainX = images(dir.resolve("train-images-idx3-ubyte.gz"), 0);
    Tensor trainY = labels(dir.resolve("train-labels-idx1-ubyte.gz"), 0);
    Tensor testX = images(dir.resolve("t10k-images-idx3-ubyte.gz"), testLimit);
    Tensor testY = labels(dir.resolve("t10k-labels-idx1-ubyte.gz"), testLimit);
    torch.manual_seed(seed);
    LibtorchNet net = new LibtorchNet(TutorialNet.LR);
    double loadS = (System.nanoTime() - l0) / 1e9;
    long n = trainX.size(0);
    long nTest = testX.size(0);

    List<Map<String, Object>> perEpoch = new ArrayList<>();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long t0 = System.nanoTime();
      Tensor perm = torch.randperm(n);
      int batches = 0;
      long samples = 0;
      double lastLoss = Double.NaN;
      for (long start = 0; start < n; start += TutorialNet.BATCH) {
        try (PointerScope scope = new PointerScope()) {
          Tensor idx = perm.narrow(0, start, Math.min(TutorialNet.BATCH, n - start));
          Tensor x = trainX.index_select(0, idx);
          Tensor y = trainY.index_select(0, idx);
          lastLoss = net.trainStep(x, y);
          samples += x.size(0);
        }
        if (++batches == batchLimit) {
          break;
        }
      }
      long t1 = System.nanoTime();
      double[] tr = test(net, testX, testY);
      double testLoss = tr[0];
      long correct = (long) tr[1];
      long t2 = System.nanoTime();
      double trainS = (t1 - t0) / 1e9;
      double testS = (t2 - t1) / 1e9;
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("epoch", epoch);
      e.put("train_batches", batches);
      e.put("train_samples", samples);
      e.put("train_s", trainS);
      e.put("train_samples_per_s", samples / trainS);
      e.put("last_loss", lastLoss);
      e.put("test_samples", nTest);
      e.put("test_s", testS);
      e.put("test_samples_per_s", nTest / testS);
      e.put("test_loss", testLoss / nTest);
      e.put("test_correct", correct);
      perEpoch.add(e);
      System.out.printf(
          Locale.ROOT,
          "epoch %d: train %.2f s (%d batches, %.0f samples/s), test %.2f s (%.0f samples/s,"
              + " accuracy %d/%d)%n",
          epoch,
          trainS,
          batches,
          samples / trainS,
          testS,
          nTest / testS,
          correct,
          nTest);
    }
    List<Double> infer = new ArrayList<>();
    for (int r = 0; r < inferRepeats; r++) {
      long t0 = System.nanoTime();
      test(net, testX, testY);
      infer.add((System.nanoTime() - t0) / 1e9);
    }
    double inferS = E2eSupport.median(infer);
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
    double peakRss = E2eSupport.peakRssMb();
    System.out.printf(Locale.ROOT, "peak RSS %.1f MB%n", peakRss);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("side", "libtorch");
    out.put("info", info);
    out.put("threads", threads);
    out.put("batch", TutorialNet.BATCH);
    out.put("test_batch", TutorialNet.TEST_BATCH);
    out.put("lr", TutorialNet.LR);
    out.put("batch_limit", batchLimit);
    out.put("load_s", loadS);
    out.put("peak_rss_mb", peakRss);
    out.put("epochs", perEpoch);
    out.put("infer_s", infer);
    out.put("infer_samples", nTest);
    out.put("infer_median_s", inferS);
    out.put("infer_samples_per_s", nTest / inferS);
    if (o.containsKey("out")) {
      Json.write(Path.of(o.get("out")), out);
    }
  }

  /** One pass over the test set under no-grad: {summed nll loss, correct}. */
  private static double[] test(LibtorchNet net, Tensor testX, Tensor testY) {
    double loss = 0;
    long correct = 0;
    long n = testX.size(0);
    try (var guard = new NoGradGuard()) {
      for (long start = 0; start < n; start += TutorialNet.TEST_BATCH) {
        try (PointerScope scope = new PointerScope()) {
          long len = Math.min(TutorialNet.TEST_BATCH, n - start);
          Tensor x = testX.narrow(0, start, len);
          Tensor y = testY.narrow(0, start, len);
          Tensor logp = net.forward(x, false);
          loss += torch.nll_loss(logp, y, new TensorOptional(), 2, -100).item_double();
          correct += logp.argmax(new LongOptional(1), false).eq(y).sum().item_long();
        }
      }
    }
    return new double[] {loss, correct};
  }

  /** IDX images as [N, 1, 28, 28] float32, normalised as the tutorial's transform does. */
  private static Tensor images(Path gz, int limit) throws IOException {
    try (var in = new DataInputStream(new GZIPInputStream(Files.newInputStream(gz), 1 << 16))) {
      check(in.readInt(), 0x803, gz);
      int n = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      n = limit > 0 ? Math.min(n, limit) : n;
      byte[] px = readFully(in, n * rows * cols);
      float[] f = new float[px.length];
      for (int i = 0; i < px.length; i++) {
        f[i] = (float) (((px[i] & 0xFF) / 255.0 - 0.1302) / 0.3069);
      }
      Tensor t = torch.empty(n, 1, rows, cols);
      t.data_ptr_float().put(f);
      return t;
    }
  }

  /** IDX labels as int64 [N]. */
  private static Tensor labels(Path gz, int limit) throws IOException {
    try (var in = new DataInputStream(new GZIPInputStream(Files.newInputStream(gz), 1 << 16))) {
      check(in.readInt(), 0x801, gz);
      int n = in.readInt();
      n = limit > 0 ? Math.min(n, limit) : n;
      byte[] b = readFully(in, n);
      float[] f = new float[n];
      for (int i = 0; i < n; i++) {
        f[i] = b[i] & 0xFF;
      }
      Tensor t = torch.empty(n);
      t.data_ptr_float().put(f);
      return t.to(torch.ScalarType.Long);
    }
  }

  private static byte[] readFully(InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new IOException("truncated IDX file: " + b.length + " of " + n + " bytes");
    }
    return b;
  }

  private static void check(int magic, int want, Path file) throws IOException {
    if (magic != want) {
      throw new IOException(file + ": IDX magic " + Integer.toHexString(magic) + ", want " + want);
    }
  }
}
