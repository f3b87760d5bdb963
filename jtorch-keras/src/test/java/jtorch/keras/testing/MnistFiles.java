package jtorch.keras.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Where the tests find the four MNIST files: {@code -Djtorch.mnist.dir}, else {@code
 * JTORCH_MNIST_DIR}, else {@code ../../shared/data/mnist} from the module folder (the convention of
 * jtorch-vision's tests). Tests that need them are skipped when they are absent.
 */
public final class MnistFiles {
  /** The four files. */
  public static final List<String> FILES =
      List.of(
          "train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz",
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz");

  private MnistFiles() {}

  /** The folder with the files (the test is skipped when there is none). */
  public static Path dir() {
    String d = System.getProperty("jtorch.mnist.dir");
    if (d == null || d.isBlank()) {
      d = System.getenv("JTORCH_MNIST_DIR");
    }
    Path p =
        d == null || d.isBlank()
            ? Path.of("..", "..", "shared", "data", "mnist").toAbsolutePath().normalize()
            : Path.of(d).toAbsolutePath().normalize();
    assumeTrue(Files.isRegularFile(p.resolve(FILES.get(0))), "MNIST files not found in " + p);
    return p;
  }

  /** Copies the four files into {@code root/MNIST/raw} and returns {@code root}. */
  public static Path root(Path root) throws IOException {
    Path src = dir();
    Path raw = root.resolve("MNIST").resolve("raw");
    Files.createDirectories(raw);
    for (String f : FILES) {
      Files.copy(src.resolve(f), raw.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    return root;
  }
}
