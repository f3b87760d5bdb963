package jtorch.vision.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import jtorch.vision.testing.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The download code against a local HTTP server that plays the mirrors ({@link MirrorServer}); the
 * real internet is never touched (every test passes its own mirrors).
 */
class DownloadTest {
  @TempDir Path dir;
  MirrorServer server;
  final List<String> log = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws IOException {
    server = new MirrorServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private DownloadOptions options(String... behaviours) {
    URI[] mirrors = Stream.of(behaviours).map(server::mirror).toArray(URI[]::new);
    return DownloadOptions.defaults()
        .mirrors(mirrors)
        .connectTimeout(Duration.ofSeconds(2))
        // Short enough for quick fallbacks, long enough not to trip on a busy machine.
        .requestTimeout(Duration.ofMillis(1500))
        .log(log::add);
  }

  /** A root holding every MNIST file except {@code missing}, so one download is needed. */
  private Path rootWithout(String missing) throws IOException {
    List<String> files = new ArrayList<>(TestData.FILES);
    files.remove(missing);
    return TestData.mnistRoot(dir, files);
  }

  private static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";

  /** Names in the raw folder, markers and temporary files included. */
  private List<String> rawListing(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root.resolve("MNIST/raw"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** As {@link #rawListing}, without the MD5 markers. */
  private List<String> rawFiles(Path root) throws IOException {
    return rawListing(root).stream().filter(n -> !n.endsWith(".verified")).toList();
  }

  private void assertNoTempFiles(Path root) throws IOException {
    assertThat(rawListing(root)).noneMatch(n -> n.endsWith(".part"));
  }

  private static long pixelSum(MNIST ds, int i) {
    long s = 0;
    for (long v : ds.get(i).data().toLongArray()) {
      s += v;
    }
    return s;
  }

  @Test
  void downloadsAllFourFilesThenNeverTouchesTheNetworkAgain() throws IOException {
    MNIST ds = new MNIST(dir, false, true, null, options("ok"));
    assertThat(ds.size()).isEqualTo(10000);
    assertThat(pixelSum(ds, 0)).isEqualTo(18454);
    assertThat(server.count("ok")).isEqualTo(4); // both splits, as torchvision
    for (String f : TestData.FILES) {
      assertThat(Checksums.md5(dir.resolve("MNIST/raw").resolve(f)))
          .isEqualTo(Checksums.md5(TestData.mnistFile(f)));
    }
    assertThat(log).contains("Downloading " + server.mirror("ok") + "train-images-idx3-ubyte.gz");
    assertNoTempFiles(dir);

    // Files present and valid: no request at all, with or without download.
    MNIST again = new MNIST(dir, true, true, null, options("ok"));
    assertThat(again.get(0).target().itemLong()).isEqualTo(5);
    new MNIST(dir, true, false, null);
    assertThat(server.total()).isEqualTo(4);
  }

  @Test
  void firstMirror404ThenSecondOk() throws IOException {
    Path root = rootWithout(TEST_IMAGES);
    MNIST ds = new MNIST(root, false, true, null, options("404", "ok"));
    assertThat(pixelSum(ds, 9999)).isEqualTo(41833);
    assertThat(server.count("404")).isEqualTo(1);
    assertThat(server.count("ok")).isEqualTo(1);
    assertThat(log).anyMatch(l -> l.contains("/404/" + TEST_IMAGES) && l.contains("HTTP 404"));
    assertNoTempFiles(root);
  }

  @Test
  void corruptCopyFailsTheMd5ThenNextMirror() throws IOException {
    Path root = rootWithout(TEST_IMAGES);
    MNIST ds = new MNIST(root, false, true, null, options("corrupt", "ok"));
    assertThat(pixelSum(ds, 0)).isEqualTo(18454);
    assertThat(log).anyMatch(l -> l.contains("/corrupt/") && l.contains("checksum mismatch"));
    assertNoTempFiles(root);
  }

  @Test
  void truncatedTransfersFailThenNextMirror() throws IOException {
    Path root = rootWithout(TEST_IMAGES);
    // /truncated/ drops the connection after half of the announced length; /short/ is a complete
    // transfer of a half file (only the MD5 can tell).
    MNIST ds = new MNIST(root, false, true, null, options("truncated", "short", "ok"));
    assertThat(pixelSum(ds, 0)).isEqualTo(18454);
    assertThat(server.count("truncated")).isEqualTo(1);
    assertThat(server.count("short")).isEqualTo(1);
    assertThat(log).anyMatch(l -> l.contains("/short/") && l.contains("checksum mismatch"));
    assertThat(log).anyMatch(l -> l.startsWith("Failed to download " + server.mirror("truncated")));
    assertNoTempFiles(root);
  }

  @Test
  void slowMirrorTimesOutThenNextMirror() throws IOException {
    Path root = rootWithout(TEST_IMAGES);
    long t0 = System.nanoTime();
    MNIST ds = new MNIST(root, false, true, null, options("slow", "ok"));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(ds.size()).isEqualTo(10000);
    assertThat(log).anyMatch(l -> l.contains("/slow/") && l.contains("timed out"));
    assertThat(ms).as("gave up on the slow mirror long before it answered").isLessThan(9000);
    assertNoTempFiles(root);
  }

  @Test
  void stalledBodyTimesOutThenNextMirror() throws IOException {
    Path root = rootWithout(TEST_IMAGES);
    MNIST ds = new MNIST(root, false, true, null, options("stall", "ok"));
    assertThat(ds.size()).isEqualTo(10000);
    assertThat(log).anyMatch(l -> l.contains("/stall/") && l.contains("timed out"));
    assertNoTempFiles(root);
  }

  @Test
  void unreachableMirrorThenNextMirror() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Path root = rootWithout(TEST_IMAGES);
    DownloadOptions opts =
        options("ok")
            .mirrors(URI.create("http://127.0.0.1:" + closedPort + "/mnist/"), server.mirror("ok"));
    assertThat(new MNIST(root, false, true, null, opts).size()).isEqualTo(10000);
    assertThat(log)
        .anyMatch(l -> l.contains(":" + closedPort + "/mnist/") && l.contains("Connect"));
  }

  @Test
  void allMirrorsFailingListsEachMirrorAndLeavesNoFile() throws IOException {
    Path root = rootWithout(TEST_IMAGES);
    List<String> before = rawFiles(root);
    assertThatThrownBy(
            () -> new MNIST(root, false, true, null, options("404", "corrupt", "truncated", "500")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("MNIST: could not download " + TEST_IMAGES + " from any of 4 mirrors")
        .hasMessageContaining(server.mirror("404") + TEST_IMAGES + ": HTTP 404")
        .hasMessageContaining(server.mirror("corrupt") + TEST_IMAGES + ": checksum mismatch")
        .hasMessageContaining(server.mirror("truncated") + TEST_IMAGES + ": ")
        .hasMessageContaining(server.mirror("500") + TEST_IMAGES + ": HTTP 500")
        .hasMessageContaining(
            root.resolve("MNIST/raw").resolve(TEST_IMAGES).toAbsolutePath().toString())
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(4));
    // No partial file under the real name, no temporary file left.
    assertThat(rawFiles(root)).isEqualTo(before);
    assertNoTempFiles(root);
    assertThat(root.resolve("MNIST/raw").resolve(TEST_IMAGES)).doesNotExist();
  }

  @Test
  void failedDownloadLeavesAnExistingFileUntouched() throws IOException {
    Path root = TestData.mnistRoot(dir);
    Path target = root.resolve("MNIST/raw").resolve(TEST_IMAGES);
    byte[] damaged = Files.readAllBytes(target);
    damaged[1000] ^= 0x10;
    Files.write(target, damaged);
    assertThatThrownBy(() -> new MNIST(root, false, true, null, options("truncated", "corrupt")))
        .hasMessageContaining("could not download " + TEST_IMAGES);
    assertThat(Files.readAllBytes(target)).isEqualTo(damaged);
    assertNoTempFiles(root);
  }

  @Test
  void corruptLocalFileIsReplacedWhenDownloading() throws IOException {
    Path root = TestData.mnistRoot(dir);
    Path target = root.resolve("MNIST/raw").resolve(TEST_IMAGES);
    Files.write(target, new byte[] {1, 2, 3});
    MNIST ds = new MNIST(root, false, true, null, options("ok"));
    assertThat(pixelSum(ds, 0)).isEqualTo(18454);
    assertThat(server.count("ok")).isEqualTo(1); // only the bad file
    assertThat(Checksums.md5(target)).isEqualTo(DatasetSpec.MNIST.testImages().md5());
  }

  @Test
  void fashionMnistVerifiesAgainstItsOwnMd5s() {
    // The local mirror serves MNIST's files under the same names: FashionMNIST must reject them.
    assertThatThrownBy(() -> new FashionMNIST(dir, true, true, null, options("ok")))
        .hasMessageContaining("FashionMNIST: could not download train-images-idx3-ubyte.gz")
        .hasMessageContaining("expected 8d4fb7e6c68d591d4c3dfef9ec88bf0d");
    assertThat(dir.resolve("FashionMNIST/raw/train-images-idx3-ubyte.gz")).doesNotExist();
  }

  @Test
  void aLocalFolderServesAsAMirrorAndIsChecked(@TempDir Path empty) throws IOException {
    var fromFolder =
        DownloadOptions.defaults()
            .mirrors(empty.toUri(), TestData.mnistDir().toUri())
            .log(line -> {});
    MNIST test = new MNIST(dir, false, true, null, fromFolder);
    assertThat(test.size()).isEqualTo(10000);
    assertThat(dir.resolve("MNIST/raw/t10k-images-idx3-ubyte.gz")).exists();
    // A folder with the wrong bytes under the right names is rejected by the MD5 check.
    var wrong = DownloadOptions.defaults().mirrors(empty.toUri()).log(line -> {});
    Files.write(empty.resolve("train-images-idx3-ubyte.gz"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> new MNIST(dir.resolve("other"), true, true, null, wrong))
        .hasMessageContaining("could not download train-images-idx3-ubyte.gz")
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void optionsValidateMirrors() {
    assertThatThrownBy(() -> DownloadOptions.defaults().mirrors(URI.create("ftp://x/")))
        .hasMessageContaining("http, https or file");
    assertThat(DownloadOptions.defaults().mirrors(URI.create("http://h/mnist")).mirrors())
        .containsExactly(URI.create("http://h/mnist/"));
    assertThat(DownloadOptions.defaults().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(DownloadOptions.defaults().requestTimeout()).isEqualTo(Duration.ofSeconds(60));
  }
}
