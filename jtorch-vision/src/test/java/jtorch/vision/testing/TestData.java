package jtorch.vision.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Where the tests find the real MNIST files: the system property {@code jtorch.mnist.dir}, else the
 * environment variable {@code JTORCH_MNIST_DIR}, else {@code <repo>/../shared/data/mnist} ({@code
 * ../../shared/data/mnist} from this module's folder, the working directory of the tests), which
 * resolves in any checkout that has {@code shared/} next to the repository.
 */
public final class TestData {
  /** The four MNIST files. */
  public static final List<String> FILES =
      List.of(
          "train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz");

  private TestData() {}

  /** The folder with the four original MNIST .gz files. */
  public static Path mnistDir() {
    String dir = System.getProperty("jtorch.mnist.dir");
    if (dir == null || dir.isBlank()) {
      dir = System.getenv("JTORCH_MNIST_DIR");
    }
    Path p =
        (dir == null || dir.isBlank())
            ? Path.of("..", "..", "shared", "data", "mnist").toAbsolutePath().normalize()
            : Path.of(dir).toAbsolutePath().normalize();
    assertThat(p.resolve(FILES.get(0)))
        .as(
            "the MNIST files (expected in %s; set -Djtorch.mnist.dir=... or JTORCH_MNIST_DIR to"
                + " point elsewhere)",
            p)
        .isRegularFile();
    return p;
  }

  /** The shared copy of one file. */
  public static Path mnistFile(String name) {
    return mnistDir().resolve(name);
  }

  /**
   * Makes {@code root/MNIST/raw} holding copies of the given files (copies, not links: the tests
   * write markers and replace files there).
   */
  public static Path mnistRoot(Path root, List<String> files) throws IOException {
    Path raw = root.resolve("MNIST").resolve("raw");
    Files.createDirectories(raw);
    for (String f : files) {
      Files.copy(mnistFile(f), raw.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    return root;
  }

  /** A root with all four files. */
  public static Path mnistRoot(Path root) throws IOException {
    return mnistRoot(root, FILES);
  }

  /** The build folder of this module (target-vision or target), for artefacts worth looking at. */
  public static Path outputDir() throws IOException {
    String dir = System.getProperty("jtorch.test.outputDir");
    Path p =
        dir == null || dir.isBlank()
            ? Path.of("target", "test-images").toAbsolutePath()
            : Path.of(dir).toAbsolutePath();
    Files.createDirectories(p);
    return p;
  }
}
