package jtorch.keras.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jtorch.DType;
import jtorch.keras.testing.MnistFiles;
import jtorch.vision.datasets.MNIST;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {

  @Test
  void loadsKerasShapesAndDtypesFromATorchvisionRoot(@TempDir Path dir) throws Exception {
    Mnist data = Mnist.loadData(MnistFiles.root(dir));
    assertThat(data.xTrain().shape().toArray()).containsExactly(60000, 28, 28);
    assertThat(data.yTrain().shape().toArray()).containsExactly(60000);
    assertThat(data.xTest().shape().toArray()).containsExactly(10000, 28, 28);
    assertThat(data.yTest().shape().toArray()).containsExactly(10000);
    assertThat(data.xTrain().dtype()).isEqualTo(DType.UINT8);
    assertThat(data.yTrain().dtype()).isEqualTo(DType.UINT8);
    assertThat(data.yTrain().get(0).item()).isEqualTo(5.0);
    assertThat(data.yTest().get(0).item()).isEqualTo(7.0);
    assertThat(data.xTrain().max().item()).isEqualTo(255.0);
    assertThat(data)
        .hasToString(
            "Mnist(xTrain=[60000, 28, 28], yTrain=[60000], xTest=[10000, 28, 28], yTest=[10000])");
  }

  @Test
  void aRootWithoutFilesFailsWithoutTheNetwork(@TempDir Path dir) {
    assertThatThrownBy(() -> Mnist.loadData(dir))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("train-images-idx3-ubyte.gz");
  }

  @Test
  void downloadsIntoTheCacheFromTheMirrorFolder(@TempDir Path cache) throws Exception {
    List<java.net.URI> mirrors =
        Mnist.mirrors(Map.of(Mnist.MIRROR_ENV, MnistFiles.dir().toString()));
    assertThat(mirrors.get(0).getScheme()).isEqualTo("file");
    assertThat(mirrors.subList(1, mirrors.size())).isEqualTo(MNIST.MIRRORS);
    Mnist data = Mnist.load(cache, true, List.of(mirrors.get(0)));
    assertThat(data.xTest().shape().toArray()).containsExactly(10000, 28, 28);
    assertThat(cache.resolve("MNIST/raw/t10k-labels-idx1-ubyte.gz")).isRegularFile();
    assertThat(Files.size(cache.resolve("MNIST/raw/train-images-idx3-ubyte.gz")))
        .isEqualTo(9912422);
  }

  @Test
  void cacheFolderFollowsJtorchHome() {
    assertThat(Mnist.cacheRoot(Map.of("JTORCH_HOME", "/opt/jt"), "/home/u"))
        .isEqualTo(Path.of("/opt/jt/datasets"));
    assertThat(Mnist.cacheRoot(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.jtorch/datasets"));
  }
}
