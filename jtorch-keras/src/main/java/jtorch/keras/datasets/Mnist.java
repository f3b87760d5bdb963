package jtorch.keras.datasets;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.vision.datasets.DownloadOptions;
import jtorch.vision.datasets.MNIST;

/**
 * The MNIST digits as Keras returns them, {@code keras.datasets.mnist.load_data()}: 60,000 training
 * and 10,000 test images as uint8 {@code [N, 28, 28]} and their labels as uint8 {@code [N]}.
 *
 * <pre>{@code
 * var data = Mnist.loadData();                      // downloads into ~/.jtorch/datasets once
 * data.xTrain().shape();                            // [60000, 28, 28]
 * Tensor x = data.xTrain().to(DType.FLOAT32).div(255.0).unsqueeze(-1);   // NHWC, as Keras
 * var local = Mnist.loadData(Path.of("data"));      // data/MNIST/raw/*.gz, never the network
 * }</pre>
 *
 * <p>The files are those of torchvision and jtorch-vision ({@code ROOT/MNIST/raw/*.gz},
 * MD5-checked; see {@link MNIST}), so one folder serves the PyTorch and the Keras side. See <a
 * href="https://keras.io/api/datasets/mnist/">MNIST digits classification dataset</a>.
 *
 * @param xTrain training images, uint8 {@code [60000, 28, 28]}
 * @param yTrain training labels 0-9, uint8 {@code [60000]}
 * @param xTest test images, uint8 {@code [10000, 28, 28]}
 * @param yTest test labels, uint8 {@code [10000]}
 */
public record Mnist(Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest) {

  /** The environment variable naming a folder (or http(s) URL) with the four files, tried first. */
  public static final String MIRROR_ENV = "JTORCH_MNIST_MIRROR";

  /**
   * Loads MNIST from the cache folder {@link #cacheRoot()}, downloading the files into it the first
   * time (from {@code $JTORCH_MNIST_MIRROR} if set, then torchvision's mirrors).
   *
   * @throws IOException when the files cannot be read or downloaded
   */
  public static Mnist loadData() throws IOException {
    return load(cacheRoot(), true, mirrors(System.getenv()));
  }

  /**
   * Loads MNIST from a torchvision-layout {@code root} ({@code root/MNIST/raw/*.gz}) without
   * touching the network; the error names the missing files.
   *
   * @throws java.io.FileNotFoundException when files are missing (the message lists them)
   * @throws IOException when a file is corrupt
   */
  public static Mnist loadData(Path root) throws IOException {
    return load(root, false, null);
  }

  /**
   * {@code $JTORCH_HOME/datasets} when {@code JTORCH_HOME} is set, else {@code ~/.jtorch/datasets}
   * (Keras keeps its copy in {@code ~/.keras/datasets}).
   */
  public static Path cacheRoot() {
    return cacheRoot(System.getenv(), System.getProperty("user.home"));
  }

  static Path cacheRoot(Map<String, String> env, String userHome) {
    String home = env.get("JTORCH_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home).resolve("datasets");
    }
    return Path.of(userHome).resolve(".jtorch").resolve("datasets");
  }

  /**
   * The mirrors to download from: {@code $JTORCH_MNIST_MIRROR} first (if set), then the defaults.
   */
  static List<URI> mirrors(Map<String, String> env) {
    List<URI> out = new ArrayList<>();
    String m = env.get(MIRROR_ENV);
    if (m != null && !m.isBlank()) {
      out.add(
          m.startsWith("http://") || m.startsWith("https://")
              ? URI.create(m)
              : Path.of(m).toAbsolutePath().toUri());
    }
    out.addAll(MNIST.MIRRORS);
    return out;
  }

  /** Loads both splits from {@code root}, downloading missing files from {@code mirrors}. */
  static Mnist load(Path root, boolean download, List<URI> mirrors) throws IOException {
    DownloadOptions opts =
        mirrors == null ? DownloadOptions.defaults() : DownloadOptions.defaults().mirrors(mirrors);
    MNIST train = new MNIST(root, true, download, null, opts);
    MNIST test = new MNIST(root, false, download, null, opts);
    return new Mnist(
        train.data(), train.targets().to(DType.UINT8), test.data(), test.targets().to(DType.UINT8));
  }

  @Override
  public String toString() {
    return "Mnist(xTrain="
        + xTrain.shape()
        + ", yTrain="
        + yTrain.shape()
        + ", xTest="
        + xTest.shape()
        + ", yTest="
        + yTest.shape()
        + ")";
  }
}
