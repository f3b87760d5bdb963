package jtorch.vision.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import jtorch.DType;
import jtorch.Size;
import jtorch.utils.data.Batch;
import jtorch.utils.data.DataLoader;
import jtorch.utils.data.Example;
import jtorch.vision.internal.Pixels;
import jtorch.vision.testing.TestData;
import jtorch.vision.transforms.Compose;
import jtorch.vision.transforms.Normalize;
import jtorch.vision.transforms.ToTensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MNIST from the real files in ../shared/data/mnist (see {@link TestData}); no network. */
class MNISTTest {
  @TempDir static Path shared;
  static MNIST train;
  static MNIST test;

  @BeforeAll
  static void load() throws IOException {
    Path root = TestData.mnistRoot(shared.resolve("data"));
    train = new MNIST(root, true, false, null);
    test = new MNIST(root.toString(), false, false, null);
  }

  private static long pixelSum(MNIST ds, int i) {
    long s = 0;
    for (long v : ds.get(i).data().toLongArray()) {
      s += v;
    }
    return s;
  }

  @Test
  void sharedFilesHaveTorchvisionsPublishedMd5s() throws IOException {
    // torchvision/datasets/mnist.py, MNIST.resources; the shared files must be the canonical ones.
    for (Resource r : DatasetSpec.MNIST.resources()) {
      assertThat(Checksums.md5(TestData.mnistFile(r.file()))).as(r.file()).isEqualTo(r.md5());
    }
    assertThat(DatasetSpec.MNIST.resources().stream().map(Resource::md5))
        .containsExactly(
            "f68b3c2dcbeaaa9fbdd348bbdeb94873",
            "d53e105ee54ea40749a09fcbcd1e9432",
            "9fb629c4189551a2d022fa330f9573f3",
            "ec29112dd5afa0611ce80d1b7f02629c");
    assertThat(DatasetSpec.MNIST.mirrors().stream().map(Object::toString))
        .containsExactly(
            "https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/");
  }

  @Test
  void sizesLabelsAndPixelSumsMatchAnIndependentPythonParse() {
    assertThat(train.size()).isEqualTo(60000);
    assertThat(test.size()).isEqualTo(10000);
    assertThat(train.get(0).target().itemLong()).isEqualTo(5);
    assertThat(test.get(0).target().itemLong()).isEqualTo(7);
    // Computed with /usr/bin/python3 from the .gz files (gzip + struct, no numpy/torch):
    //   px = gzip.open(f).read()[16:]; sum(px[i*784:(i+1)*784]); labels = gzip.open(l).read()[8:]
    assertThat(pixelSum(train, 0)).isEqualTo(27525);
    assertThat(pixelSum(train, 1)).isEqualTo(31095);
    assertThat(pixelSum(train, 30000)).isEqualTo(20220);
    assertThat(pixelSum(train, 59999)).isEqualTo(20920);
    assertThat(pixelSum(test, 0)).isEqualTo(18454);
    assertThat(pixelSum(test, 9999)).isEqualTo(41833);
    assertThat(train.data().get(0, 14, 14).itemLong()).isEqualTo(240);
    assertThat(test.data().get(2, 14, 14).itemLong()).isEqualTo(255);
    assertThat(train.targets().index(jtorch.Slice.of(0, 10)).toLongArray())
        .containsExactly(5, 0, 4, 1, 9, 2, 1, 3, 1, 4);
    assertThat(test.targets().index(jtorch.Slice.of(0, 10)).toLongArray())
        .containsExactly(7, 2, 1, 0, 4, 1, 4, 9, 5, 9);
    assertThat(test.get(9999).target().itemLong()).isEqualTo(6);
    assertThat(train.get(59999).target().itemLong()).isEqualTo(8);
  }

  @Test
  void wholeSetStatisticsMatchTheReadme() {
    // Sum of all pixels (python: sum(px)), and the label counts in shared/data/mnist/README.md.
    assertThat((long) train.data().sum().item()).isEqualTo(1567298545L);
    assertThat((long) test.data().sum().item()).isEqualTo(264923200L);
    long[] counts = new long[10];
    for (long l : train.targets().toLongArray()) {
      counts[(int) l]++;
    }
    assertThat(counts).containsExactly(5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949);
  }

  @Test
  void dataAndTargetsAreLikeTorchvisions() {
    assertThat(train.data().shape()).isEqualTo(Size.of(60000, 28, 28));
    assertThat(train.data().dtype()).isEqualTo(DType.UINT8);
    assertThat(train.targets().shape()).isEqualTo(Size.of(60000));
    assertThat(train.targets().dtype()).isEqualTo(DType.INT64);
    Example e = train.get(0);
    assertThat(e.data().shape()).isEqualTo(Size.of(28, 28));
    assertThat(e.data().dtype()).isEqualTo(DType.UINT8);
    assertThat(e.target().dim()).isZero();
    assertThat(e.target().dtype()).isEqualTo(DType.INT64);
    assertThat(train.classes()).hasSize(10).startsWith("0 - zero").endsWith("9 - nine");
    assertThatThrownBy(() -> train.get(60000)).isInstanceOf(IndexOutOfBoundsException.class);
    // get() hands out a fresh image: changing it leaves the dataset alone.
    e.data().fill_(0);
    assertThat(pixelSum(train, 0)).isEqualTo(27525);
  }

  @Test
  void transformIsAppliedAndPrintedLikeTorchvision() throws IOException {
    var t = new Compose(new ToTensor(), new Normalize(0.1302, 0.3069));
    MNIST ds = new MNIST(train.root(), false, false, t);
    Example e = ds.get(0);
    assertThat(e.data().shape()).isEqualTo(Size.of(1, 28, 28));
    assertThat(e.data().dtype()).isEqualTo(DType.FLOAT32);
    // pixel (14, 14) of test image 0 is 0: (0/255 - 0.1302) / 0.3069 in float32.
    assertThat(e.data().get(0, 14, 14).item()).isEqualTo((double) ((0f - 0.1302f) / 0.3069f));
    assertThat(ds.toString())
        .isEqualTo(
            """
            Dataset MNIST
                Number of datapoints: 10000
                Root location: %s
                Split: Test
                StandardTransform
            Transform: Compose(
                           ToTensor()
                           Normalize(mean=[0.1302], std=[0.3069])
                       )\
            """
                .formatted(train.root()));
  }

  @Test
  void dataLoaderBatchesTransformedImages() throws IOException {
    MNIST ds = new MNIST(train.root(), false, false, new ToTensor());
    Iterator<Batch> it = new DataLoader<>(ds, 32, false).iterator();
    Batch b = it.next();
    assertThat(b.input().shape()).isEqualTo(Size.of(32, 1, 28, 28));
    assertThat(b.target().shape()).isEqualTo(Size.of(32));
    assertThat(b.target().dtype()).isEqualTo(DType.INT64);
    assertThat(b.target().get(0).itemLong()).isEqualTo(7);
  }

  @Test
  void secondLoadReadsTheProcessedCache(@TempDir Path dir) throws IOException {
    Path root = TestData.mnistRoot(dir);
    long t0 = System.nanoTime();
    MNIST first = new MNIST(root, true, false, null);
    long t1 = System.nanoTime();
    MNIST second = new MNIST(root, true, false, null);
    long t2 = System.nanoTime();
    MNIST third = new MNIST(root, true, false, null);
    long t3 = System.nanoTime();
    Files.delete(second.processedFile());
    MNIST reparsed = new MNIST(root, true, false, null);
    long t4 = System.nanoTime();
    System.out.printf(
        "MNIST(train) load times: first %.1f ms (MD5 + gunzip + parse + write cache), second %.1f"
            + " ms, third %.1f ms (cached), re-parse without cache %.1f ms%n",
        (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
    assertThat(first.processedFile()).isEqualTo(root.resolve("MNIST/processed/train.jtorch"));
    assertThat(first.processedFile()).isRegularFile();
    assertThat(Files.size(first.processedFile()))
        .isEqualTo(ProcessedCache.HEADER + 60000L * 784 + 60000);
    for (MNIST m : List.of(second, third, reparsed)) {
      assertThat(Pixels.toUint8Array(m.data())).isEqualTo(Pixels.toUint8Array(first.data()));
      assertThat(m.targets().toLongArray()).isEqualTo(first.targets().toLongArray());
    }
    // The MD5 markers are there, next to the files.
    assertThat(root.resolve("MNIST/raw/.train-images-idx3-ubyte.gz.verified")).isRegularFile();
  }

  @Test
  void damagedCacheIsIgnoredAndRewritten(@TempDir Path dir) throws IOException {
    Path root = TestData.mnistRoot(dir, TestData.FILES.subList(2, 4));
    MNIST good = new MNIST(root, false, false, null);
    Path cache = good.processedFile();
    byte[] bytes = Files.readAllBytes(cache);
    bytes[ProcessedCache.HEADER + 5000] ^= 0x55; // a pixel: only the CRC can tell
    Files.write(cache, bytes);
    assertThat(
            ProcessedCache.read(
                cache,
                DatasetSpec.MNIST.testImages().md5(),
                DatasetSpec.MNIST.testLabels().md5(),
                10000,
                28,
                28))
        .isNull();
    MNIST again = new MNIST(root, false, false, null);
    assertThat(Pixels.toUint8Array(again.data())).isEqualTo(Pixels.toUint8Array(good.data()));
    assertThat(
            ProcessedCache.read(
                cache,
                DatasetSpec.MNIST.testImages().md5(),
                DatasetSpec.MNIST.testLabels().md5(),
                10000,
                28,
                28))
        .isNotNull();
    // A truncated cache and garbage are ignored too.
    Files.write(cache, new byte[100]);
    assertThat(Pixels.toUint8Array(new MNIST(root, false, false, null).data()))
        .isEqualTo(Pixels.toUint8Array(good.data()));
  }

  @Test
  void missingFilesWithoutDownloadSayWhereTheyWereExpected(@TempDir Path dir) {
    assertThatThrownBy(() -> new MNIST(dir, true, false, null))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("MNIST: dataset not found")
        .hasMessageContaining(
            dir.resolve("MNIST/raw/train-images-idx3-ubyte.gz").toAbsolutePath().toString())
        .hasMessageContaining(
            dir.resolve("MNIST/raw/train-labels-idx1-ubyte.gz").toAbsolutePath().toString())
        .hasMessageContaining("Pass download=true")
        .hasMessageContaining("https://ossci-datasets.s3.amazonaws.com/mnist/")
        .hasMessageContaining("copy the four files")
        .hasMessageContaining(dir.resolve("MNIST/raw").toAbsolutePath().toString());
  }

  @Test
  void onlyTheSplitsFilesAreNeeded(@TempDir Path dir) throws IOException {
    Path root = TestData.mnistRoot(dir, TestData.FILES.subList(2, 4));
    assertThat(new MNIST(root, false, false, null).size()).isEqualTo(10000);
    assertThatThrownBy(() -> new MNIST(root, true, false, null))
        .hasMessageContaining("train-images-idx3-ubyte.gz")
        .hasMessageNotContaining("t10k-images-idx3-ubyte.gz (");
  }

  @Test
  void corruptOrTruncatedFilesAreNeverUsed(@TempDir Path dir) throws IOException {
    Path root = TestData.mnistRoot(dir, TestData.FILES.subList(2, 4));
    Path images = root.resolve("MNIST/raw/t10k-images-idx3-ubyte.gz");
    byte[] ok = Files.readAllBytes(images);

    byte[] flipped = ok.clone();
    flipped[ok.length / 2] ^= 1;
    Files.write(images, flipped);
    assertThatThrownBy(() -> new MNIST(root, false, false, null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(images.toAbsolutePath().toString())
        .hasMessageContaining("corrupt or incomplete")
        .hasMessageContaining("expected 9fb629c4189551a2d022fa330f9573f3")
        .hasMessageContaining("delete it")
        .hasMessageContaining("download=true");

    Files.write(images, java.util.Arrays.copyOf(ok, ok.length / 3));
    assertThatThrownBy(() -> new MNIST(root, false, false, null))
        .hasMessageContaining(images.toAbsolutePath().toString())
        .hasMessageContaining("corrupt or incomplete")
        .hasMessageContaining(ok.length / 3 + " bytes");
  }

  @Test
  void markerIsTrustedOnlyWhileSizeAndMtimeAreUnchanged(@TempDir Path dir) throws IOException {
    Path root = TestData.mnistRoot(dir, TestData.FILES.subList(3, 4));
    Path labels = root.resolve("MNIST/raw/t10k-labels-idx1-ubyte.gz");
    String md5 = DatasetSpec.MNIST.testLabels().md5();
    assertThat(Checksums.check(labels, md5)).isInstanceOf(Checksums.Valid.class);
    Path marker = Checksums.markerOf(labels);
    assertThat(Files.readString(marker)).contains("md5=" + md5).contains("size=4542");
    // Same size, new content, new mtime: the marker is stale, the MD5 is computed again.
    byte[] b = Files.readAllBytes(labels);
    b[100] ^= 1;
    Files.write(labels, b);
    Files.setLastModifiedTime(labels, FileTime.fromMillis(1_000_000_000_000L));
    assertThat(Checksums.check(labels, md5)).isInstanceOf(Checksums.Mismatch.class);
    // A marker for another MD5 is not trusted either.
    assertThat(Checksums.check(labels, "00000000000000000000000000000000"))
        .isInstanceOf(Checksums.Mismatch.class);
  }

  @Test
  void idxParserChecksStructure(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("x.gz");
    writeGz(f, new int[] {2049, 3}, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> Idx.readImages(f, 3, 28, 28))
        .hasMessageContaining("magic number 2049, expected 2051");
    assertThat(Idx.readLabels(f, 3, 10)).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> Idx.readLabels(f, 4, 10)).hasMessageContaining("3 labels, expected 4");
    writeGz(f, new int[] {2049, 3}, new byte[] {1, 12, 3});
    assertThatThrownBy(() -> Idx.readLabels(f, 3, 10))
        .hasMessageContaining("label 12 at index 1 is not in [0, 10)");
    writeGz(f, new int[] {2049, 3}, new byte[] {1, 2});
    assertThatThrownBy(() -> Idx.readLabels(f, 3, 10)).hasMessageContaining("truncated: 2 of 3");
    writeGz(f, new int[] {2049, 3}, new byte[] {1, 2, 3, 4});
    assertThatThrownBy(() -> Idx.readLabels(f, 3, 10)).hasMessageContaining("unexpected data");
    writeGz(f, new int[] {2051, 2, 28, 27}, new byte[2 * 28 * 27]);
    assertThatThrownBy(() -> Idx.readImages(f, 2, 28, 28))
        .hasMessageContaining("images of 28x27, expected 28x28");
    Files.write(f, new byte[] {0x1f, (byte) 0x8b, 8, 0});
    assertThatThrownBy(() -> Idx.readLabels(f, 3, 10))
        .hasMessageContaining(f.toAbsolutePath().toString())
        .hasMessageContaining("corrupt or incomplete");
  }

  private static void writeGz(Path f, int[] header, byte[] body) throws IOException {
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(f));
        var d = new java.io.DataOutputStream(out)) {
      for (int h : header) {
        d.writeInt(h);
      }
      d.write(body);
    }
  }

  @Test
  void fashionMnistUsesItsOwnFolderMirrorAndMd5s(@TempDir Path dir) {
    assertThat(DatasetSpec.FASHION_MNIST.mirrors().stream().map(Object::toString))
        .containsExactly("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    // torchvision/datasets/mnist.py, FashionMNIST.resources
    assertThat(
            Stream.of(DatasetSpec.FASHION_MNIST.resources().toArray(new Resource[0]))
                .map(Resource::md5))
        .containsExactly(
            "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
            "25c81989df183df01b3e8a0aad5dffbe",
            "bef4ecab320f06d8554ea6380940ec79",
            "bb300cfdad3c16e7a12a480ee83cd310");
    assertThat(DatasetSpec.FASHION_MNIST.classes())
        .startsWith("T-shirt/top")
        .endsWith("Ankle boot");
    assertThatThrownBy(() -> new FashionMNIST(dir, true, false, null))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("FashionMNIST: dataset not found")
        .hasMessageContaining(
            dir.resolve("FashionMNIST/raw/train-images-idx3-ubyte.gz").toAbsolutePath().toString())
        .hasMessageContaining("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
  }
}
