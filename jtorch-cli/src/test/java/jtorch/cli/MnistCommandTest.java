package jtorch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jtorch.io.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jtorch mnist} on a subset of the real files: the tutorial's lines and the outputs. */
class MnistCommandTest {
  /** The four MNIST files, next to the repository as in every checkout of this project. */
  private static final Path MNIST_FILES =
      Path.of(System.getProperty("jtorch.mnistDir", "../../shared/data/mnist"));

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int status = Main.run(args);
      return new Run(
          status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void trainsOnASubsetAndPrintsTheTutorialsLines(@TempDir Path dir) throws Exception {
    assertThat(MNIST_FILES.resolve("train-images-idx3-ubyte.gz")).exists();
    Path outDir = dir.resolve("run");
    Path model = dir.resolve("model.safetensors");
    Run r =
        run(
            "mnist",
            "--epochs",
            "1",
            "--train-limit",
            "640",
            "--test-limit",
            "500",
            "--data",
            dir.resolve("data").toString(),
            "--mirror",
            MNIST_FILES.toString(),
            "--out",
            outDir.toString(),
            "--save",
            model.toString());
    assertThat(r.status()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).matches("epoch: 1 \\[0/640 \\(0%\\)\\]\t training loss: \\d\\.\\d{6}");
    assertThat(lines.get(1))
        .matches("epoch: 1 \\[320/640 \\(50%\\)\\]\t training loss: \\d\\.\\d{6}");
    assertThat(lines.get(2)).isEmpty();
    assertThat(lines.get(3))
        .matches(
            "Test dataset: Overall Loss: \\d\\.\\d{4}, Overall Accuracy: \\d+/500 \\(\\d+%\\)");
    assertThat(lines.get(4)).isEmpty();
    assertThat(lines.get(5)).matches("Model prediction is : \\d");
    assertThat(lines.get(6)).isEqualTo("Ground truth is : 7");
    assertThat(lines).hasSize(7);
    long correct = Long.parseLong(lines.get(3).replaceAll(".*Accuracy: (\\d+)/.*", "$1"));
    assertThat(correct).as("a 20-batch model beats chance").isGreaterThan(150);
    for (String f : List.of("metrics.csv", "metrics.json", "curves.png", "first-test-image.png")) {
      assertThat(outDir.resolve(f)).isNotEmptyFile();
    }
    assertThat(Files.readAllLines(outDir.resolve("metrics.csv"))).hasSize(2);
    assertThat(SafeTensors.load(model).keySet()).contains("cn1.weight", "fc2.bias");
  }

  @Test
  void cudaWithoutAGpuSaysSo(@TempDir Path dir) {
    Run r = run("mnist", "--device", "cuda", "--data", dir.toString(), "--no-download");
    assertThat(r.status()).isNotZero();
    assertThat(r.err()).contains("cuda:0 is not available");
  }

  @Test
  void missingFilesWithoutDownloadNameThePaths(@TempDir Path dir) {
    Run r = run("mnist", "--data", dir.toString(), "--no-download");
    assertThat(r.status()).isNotZero();
    assertThat(r.err()).contains(dir.resolve("MNIST").resolve("raw").toString());
  }

  @Test
  void helpListsTheCommands() {
    Run r = run("--help");
    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("mnist").contains("./jtorch tensors");
  }
}
