package jtorch.keras.callbacks;

import static jtorch.keras.Keras.inputShape;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.keras.Keras;
import jtorch.keras.Sequential;
import jtorch.keras.data.Dataset;
import jtorch.keras.layers.Dense;
import jtorch.keras.optimizers.SGD;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallbacksTest {
  private Sequential model;
  private Dataset data;

  @BeforeEach
  void setUp() {
    Keras.clearSession();
    Keras.setRandomSeed(0);
    Tensor x = Torch.randn(64, 3);
    Tensor y = x.sum(1).gt(0).to(DType.UINT8);
    data = Dataset.fromTensorSlices(x, y).batch(16);
    model = new Sequential(new Dense(4, "relu", inputShape(3)), new Dense(2, "softmax"));
    model.compile(new SGD(0.1), "sparse_categorical_crossentropy", List.of("accuracy"));
  }

  /** Feeds fixed values of val_loss, one per epoch, to the callbacks after each real epoch. */
  private static final class Scripted extends Callback {
    private final double[] values;

    Scripted(double... values) {
      this.values = values;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
      logs.put("val_loss", values[epoch]);
    }
  }

  @Test
  void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
    List<List<Tensor>> weights = new ArrayList<>();
    Callback snapshot =
        new Callback() {
          @Override
          public void onEpochEnd(int epoch, Map<String, Double> logs) {
            weights.add(model().getWeights());
          }
        };
    var stop = new EarlyStopping("val_loss", 2, true);
    // val_loss: 1.0, 0.5 (best, epoch 1), 0.6, 0.7 -> stops after epoch 3 and restores epoch 1.
    History h = model.fit(data, 10, null, 0, new Scripted(1.0, 0.5, 0.6, 0.7, 0.8), snapshot, stop);
    assertThat(h.get("loss")).hasSize(4);
    assertThat(stop.stoppedEpoch()).isEqualTo(3);
    assertThat(stop.bestEpoch()).isEqualTo(1);
    List<Tensor> now = model.getWeights();
    for (int i = 0; i < now.size(); i++) {
      assertThat(now.get(i).sub(weights.get(1).get(i)).abs().max().item()).isZero();
    }
  }

  @Test
  void earlyStoppingOnAccuracyWaitsForIncreases() {
    var stop = new EarlyStopping("val_loss", 0, false).mode("max");
    model.fit(data, 5, null, 0, new Scripted(0.1, 0.2, 0.3, 0.3, 0.5), stop);
    assertThat(stop.stoppedEpoch()).isEqualTo(3);
  }

  @Test
  void checkpointSavesOnlyImprovements(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("best-{epoch:02d}.safetensors");
    var ckpt = new ModelCheckpoint(file, "val_loss", true);
    model.fit(data, 4, null, 0, new Scripted(1.0, 0.5, 0.6, 0.4), ckpt);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("best-01.safetensors", "best-02.safetensors", "best-04.safetensors");
    }
    assertThat(ckpt.best()).isEqualTo(0.4);
    var copy = new Sequential(new Dense(4, "relu", inputShape(3)), new Dense(2, "softmax"));
    copy.loadWeights(dir.resolve("best-04.safetensors"));
    Tensor x = Torch.randn(5, 3);
    assertThat(copy.predict(x).sub(model.predict(x)).abs().max().item()).isZero();
    assertThat(ModelCheckpoint.format("m-{epoch}-{loss:.2f}-{loss}", 3, Map.of("loss", 0.123456)))
        .isEqualTo("m-3-0.12-0.123456");
  }

  @Test
  void csvLoggerWritesKerasColumns(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("training.log");
    model.fit(data, 2, data, 0, new CSVLogger(file));
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("epoch,accuracy,loss,val_accuracy,val_loss");
    assertThat(lines.get(1)).startsWith("0,");
    assertThat(lines.get(2).split(",")).hasSize(5);
    model.fit(data, 1, data, 0, new CSVLogger(file, ",", true));
    assertThat(Files.readAllLines(file)).hasSize(4);
  }

  @Test
  void progbarFormatsLikeKeras() {
    var bytes = new ByteArrayOutputStream();
    var bar = new Progbar(1875, 1, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    bar.update(937, Map.of("loss", 0.5), false); // not a terminal: nothing until the end
    assertThat(bytes.size()).isZero();
    bar.update(1875, Map.of("loss", 0.0001234), true);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .matches("1875/1875 \\[={30}\\] - 0s \\d+us/step - loss: 1\\.2340e-04\n");
    assertThat(Progbar.formatTime(0.05, "step")).isEqualTo(" 50ms/step");
    assertThat(Progbar.formatTime(95, "epoch")).isEqualTo(" 95s/epoch");

    var live = new ByteArrayOutputStream();
    var dyn = new Progbar(10, 1, new PrintStream(live, true, StandardCharsets.UTF_8), true);
    dyn.update(3, Map.of("loss", 2.0), false);
    assertThat(live.toString(StandardCharsets.UTF_8))
        .matches("\r 3/10 \\[========>\\.{21}\\] - ETA: \\d+s - loss: 2\\.0000");
  }

  @Test
  void pythonFloatRepr() {
    assertThat(PyFloat.repr(0.1)).isEqualTo("0.1");
    assertThat(PyFloat.repr(1e-4)).isEqualTo("0.0001");
    assertThat(PyFloat.repr(1e-5)).isEqualTo("1e-05");
    assertThat(PyFloat.repr(1.5e-7)).isEqualTo("1.5e-07");
    assertThat(PyFloat.repr(2.0)).isEqualTo("2.0");
    assertThat(PyFloat.repr(1e16)).isEqualTo("1e+16");
    assertThat(PyFloat.repr(123456.0)).isEqualTo("123456.0");
    assertThat(PyFloat.repr(Double.POSITIVE_INFINITY)).isEqualTo("inf");
  }
}
