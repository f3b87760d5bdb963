package jtorch.vision.datasets;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.utils.data.Dataset;
import jtorch.utils.data.Example;
import jtorch.vision.internal.Pixels;
import jtorch.vision.transforms.Transform;

/**
 * The MNIST handwritten digits, as <a
 * href="https://pytorch.org/vision/stable/generated/torchvision.datasets.MNIST.html">{@code
 * torchvision.datasets.MNIST}</a>: 60,000 training or 10,000 test images of 28 x 28 gray pixels
 * with labels 0-9.
 *
 * <pre>{@code
 * var train = new MNIST("./data", true, true,
 *     new Compose(new ToTensor(), new Normalize(0.1302, 0.3069)));
 * train.size();                   // 60000
 * Example e = train.get(0);       // data: float32 [1, 28, 28]; target: tensor(5), 0-d int64
 * train.data();                   // uint8 [60000, 28, 28], as torchvision's .data
 * train.targets();                // int64 [60000], as .targets
 * var loader = new DataLoader<>(train, 32, true);
 * }</pre>
 *
 * <p><b>Files.</b> They live where torchvision keeps them, {@code root/MNIST/raw/} with the four
 * files {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz}, {@code
 * t10k-images-idx3-ubyte.gz} and {@code t10k-labels-idx1-ubyte.gz}, so a folder prepared by either
 * library serves the other (torchvision also extracts the files next to the {@code .gz}; it does
 * that itself, without network, when given {@code download=True}). With the files present and valid
 * the network is never touched.
 *
 * <p><b>Checks.</b> Each file's MD5 is compared with torchvision's published one the first time it
 * is used and then remembered in a marker next to it ({@code .NAME.verified}, keyed by size and
 * modification time); parsing checks the IDX magic numbers (2051, 2049), counts, 28 x 28 sizes,
 * exact length, the gzip CRC and the label range. A corrupt or truncated file is never used: the
 * error names it and says to delete it and re-download.
 *
 * <p><b>Download.</b> With {@code download = true} each missing or invalid file (of both splits, as
 * torchvision) is fetched from torchvision's mirrors in order ({@code
 * https://ossci-datasets.s3.amazonaws.com/mnist/}, then {@code http://yann.lecun.com/exdb/mnist/})
 * and verified before it atomically replaces the file; see {@link DownloadOptions} for other
 * mirrors and timeouts.
 *
 * <p><b>Speed.</b> The parsed split is cached in {@code root/MNIST/processed/train.jtorch} (or
 * {@code test.jtorch}) with a checksum, so constructing the dataset again reads 47 MB instead of
 * decompressing: about 35 ms for the training set in a warm JVM, about 100 ms in a fresh one
 * (against about 250-350 ms for the first load: MD5, gunzip, parse, cache write).
 *
 * <p>{@link #get(int)} is thread-safe; it gives the transform a fresh uint8 {@code [28, 28]} tensor
 * (the Java stand-in for torchvision's PIL image), or returns it as is without a transform.
 */
public class MNIST implements Dataset<Example> {
  /** torchvision's MNIST mirrors, in the order they are tried. */
  public static final List<URI> MIRRORS = DatasetSpec.MNIST.mirrors();

  private static final System.Logger LOG = System.getLogger("jtorch.vision");

  private final DatasetSpec spec;
  private final Path root;
  private final boolean train;
  private final Transform transform;
  private final byte[] images;
  private final long[] labels;
  private final int count;
  private final int rows;
  private final int cols;
  private final Tensor data;
  private final Tensor targets;

  /**
   * Loads a split, downloading missing files when {@code download}.
   *
   * @param root the folder holding {@code MNIST/raw}
   * @param train the 60,000 training images, else the 10,000 test images
   * @param download fetch missing or invalid files from the mirrors
   * @param transform applied to each image by {@link #get}, or null
   * @throws FileNotFoundException when files are missing and {@code download} is false; the message
   *     lists the expected paths
   * @throws IOException when a file is corrupt, or no mirror delivered a file
   */
  public MNIST(String root, boolean train, boolean download, Transform transform)
      throws IOException {
    this(Path.of(root), train, download, transform);
  }

  /** As {@link #MNIST(String, boolean, boolean, Transform)}. */
  public MNIST(Path root, boolean train, boolean download, Transform transform) throws IOException {
    this(root, train, download, transform, DownloadOptions.defaults());
  }

  /** As {@link #MNIST(String, boolean, boolean, Transform)}, downloading as {@code options} say. */
  public MNIST(
      Path root, boolean train, boolean download, Transform transform, DownloadOptions options)
      throws IOException {
    this(DatasetSpec.MNIST, root, train, download, transform, options);
  }

  MNIST(
      DatasetSpec spec,
      Path root,
      boolean train,
      boolean download,
      Transform transform,
      DownloadOptions options)
      throws IOException {
    this.spec = spec;
    this.root = Objects.requireNonNull(root, "root");
    this.train = train;
    this.transform = transform;
    Objects.requireNonNull(options, "options");
    Path raw = rawFolder();
    List<URI> mirrors = options.mirrors() != null ? options.mirrors() : spec.mirrors();
    if (download) {
      downloadMissing(raw, mirrors, options);
    } else {
      requireValid(raw, mirrors);
    }
    Idx.Data d = load(raw);
    this.count = d.count();
    this.rows = d.rows();
    this.cols = d.cols();
    this.images = d.images();
    this.labels = new long[count];
    for (int i = 0; i < count; i++) {
      labels[i] = d.labels()[i];
    }
    this.data = Pixels.uint8Tensor(images, count, rows, cols);
    this.targets = Pixels.int64Tensor(labels, count);
  }

  // ---- files ----------------------------------------------------------------------------------

  /** Downloads every file of the dataset that is missing or invalid, as torchvision. */
  private void downloadMissing(Path raw, List<URI> mirrors, DownloadOptions options)
      throws IOException {
    List<Resource> todo = new ArrayList<>();
    for (Resource r : spec.resources()) {
      if (!(Checksums.check(raw.resolve(r.file()), r.md5()) instanceof Checksums.Valid)) {
        todo.add(r);
      }
    }
    if (todo.isEmpty()) {
      return;
    }
    Files.createDirectories(raw);
    try (Downloader d = new Downloader(spec.name(), options)) {
      for (Resource r : todo) {
        d.download(mirrors, r, raw.resolve(r.file()));
      }
    }
  }

  /** Without download: the split's files must be present and valid, else a helpful error. */
  private void requireValid(Path raw, List<URI> mirrors) throws IOException {
    List<String> missing = new ArrayList<>();
    for (Resource r : spec.split(train)) {
      Path f = raw.resolve(r.file()).toAbsolutePath();
      switch (Checksums.check(f, r.md5())) {
        case Checksums.Valid v -> {}
        case Checksums.Missing m -> missing.add(f.toString());
        case Checksums.Mismatch m ->
            throw Idx.corrupt(
                f,
                "MD5 " + m.actualMd5() + ", expected " + r.md5() + ", " + m.size() + " bytes",
                null);
        case Checksums.Unreadable u ->
            throw new IOException(spec.name() + ": cannot read " + f + ": " + u.error(), u.error());
      }
    }
    if (!missing.isEmpty()) {
      StringBuilder sb =
          new StringBuilder(spec.name())
              .append(": dataset not found. Expected the ")
              .append(train ? "training" : "test")
              .append(" files at");
      for (String m : missing) {
        sb.append("\n  ").append(m);
      }
      sb.append("\nPass download=true to fetch them from ")
          .append(mirrors.get(0))
          .append(mirrors.size() > 1 ? " (or the other mirrors)" : "")
          .append(", or copy the four files ");
      List<Resource> all = spec.resources();
      for (int i = 0; i < all.size(); i++) {
        sb.append(i == 0 ? "" : i == all.size() - 1 ? " and " : ", ").append(all.get(i).file());
      }
      sb.append(" into ").append(raw.toAbsolutePath()).append(" .");
      throw new FileNotFoundException(sb.toString());
    }
  }

  /** The parsed split: from the processed cache when valid, else parsed and cached. */
  private Idx.Data load(Path raw) throws IOException {
    List<Resource> split = spec.split(train);
    Resource img = split.get(0);
    Resource lab = split.get(1);
    int n = train ? spec.trainCount() : spec.testCount();
    int numClasses = spec.classes().size();
    Path cache = processedFile();
    Idx.Data d = ProcessedCache.read(cache, img.md5(), lab.md5(), n, 28, 28);
    if (d != null && labelsInRange(d.labels(), numClasses)) {
      return d;
    }
    d = Idx.read(raw.resolve(img.file()), raw.resolve(lab.file()), n, 28, 28, numClasses);
    if (!ProcessedCache.write(cache, d, img.md5(), lab.md5())) {
      LOG.log(
          System.Logger.Level.DEBUG,
          () -> "could not write the cache " + cache + "; the next load parses the .gz again");
    }
    return d;
  }

  private static boolean labelsInRange(byte[] labels, int numClasses) {
    for (byte b : labels) {
      if ((b & 0xFF) >= numClasses) {
        return false;
      }
    }
    return true;
  }

  // ---- Dataset --------------------------------------------------------------------------------

  /** Number of images: 60,000 (train) or 10,000 (test). */
  @Override
  public int size() {
    return count;
  }

  /**
   * Image {@code index} after the transform, with its label as a 0-d int64 tensor. Without a
   * transform the image is a fresh uint8 {@code [28, 28]} tensor.
   */
  @Override
  public Example get(int index) {
    Objects.checkIndex(index, count);
    int n = rows * cols;
    byte[] px = new byte[n];
    System.arraycopy(images, index * n, px, 0, n);
    Tensor img = Pixels.uint8Tensor(px, rows, cols);
    if (transform != null) {
      img = transform.apply(img);
    }
    return new Example(img, Torch.tensor(labels[index]));
  }

  /** All images, uint8 {@code [N, 28, 28]}, as torchvision's {@code .data} (not a copy). */
  public Tensor data() {
    return data;
  }

  /** All labels, int64 {@code [N]}, as torchvision's {@code .targets} (not a copy). */
  public Tensor targets() {
    return targets;
  }

  /** The class names, e.g. {@code "0 - zero"} ... {@code "9 - nine"}, as {@code .classes}. */
  public List<String> classes() {
    return spec.classes();
  }

  /** The root folder given. */
  public Path root() {
    return root;
  }

  /** Whether this is the training split. */
  public boolean train() {
    return train;
  }

  /** The transform applied by {@link #get}, or null. */
  public Transform transform() {
    return transform;
  }

  /** {@code root/MNIST/raw} (or {@code root/FashionMNIST/raw}), where the files live. */
  public Path rawFolder() {
    return root.resolve(spec.name()).resolve("raw");
  }

  /**
   * The cache of the parsed split, {@code root/MNIST/processed/train.jtorch} or {@code test...}.
   */
  public Path processedFile() {
    return root.resolve(spec.name())
        .resolve("processed")
        .resolve(train ? "train.jtorch" : "test.jtorch");
  }

  /** The default mirrors of this dataset, tried in order (torchvision's). */
  public List<URI> defaultMirrors() {
    return spec.mirrors();
  }

  /**
   * As torchvision's repr:
   *
   * <pre>
   * Dataset MNIST
   *     Number of datapoints: 60000
   *     Root location: ./data
   *     Split: Train
   *     StandardTransform
   * Transform: Compose(
   *                ToTensor()
   *                Normalize(mean=[0.1302], std=[0.3069])
   *            )
   * </pre>
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Dataset ").append(spec.name());
    sb.append("\n    Number of datapoints: ").append(count);
    sb.append("\n    Root location: ").append(root);
    sb.append("\n    Split: ").append(train ? "Train" : "Test");
    if (transform != null) {
      sb.append("\n    StandardTransform");
      String head = "Transform: ";
      String[] lines = transform.toString().split("\n", -1);
      sb.append('\n').append(head).append(lines[0]);
      for (int i = 1; i < lines.length; i++) {
        sb.append('\n').append(" ".repeat(head.length())).append(lines[i]);
      }
    }
    return sb.toString();
  }
}
