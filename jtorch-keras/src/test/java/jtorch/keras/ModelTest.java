package jtorch.keras;

import static jtorch.keras.Keras.inputShape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.keras.callbacks.Callback;
import jtorch.keras.callbacks.History;
import jtorch.keras.callbacks.ProgbarLogger;
import jtorch.keras.data.Dataset;
import jtorch.keras.layers.Dense;
import jtorch.keras.layers.Dropout;
import jtorch.keras.layers.Layer;
import jtorch.keras.optimizers.Adam;
import jtorch.keras.optimizers.SGD;
import jtorch.nn.Parameter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compile / fit / evaluate / predict / weights on small synthetic problems. */
class ModelTest {
  private Tensor x;
  private Tensor y;

  @BeforeEach
  void blobs() {
    Keras.clearSession();
    Keras.setRandomSeed(0);
    // Two Gaussian blobs in 2-D, labels 0 and 1 (uint8, as Keras datasets give them).
    Tensor a = Torch.randn(200, 2).add(2.0);
    Tensor b = Torch.randn(200, 2).sub(2.0);
    x = Torch.cat(a, b);
    y =
        Torch.cat(
            Torch.zeros(new long[] {200}, DType.UINT8), Torch.ones(new long[] {200}, DType.UINT8));
  }

  private static Sequential classifier() {
    return new Sequential(new Dense(8, "relu", inputShape(2)), new Dense(2, "softmax"));
  }

  @Test
  void fitLearnsAndRecordsKerasHistory() {
    var model = classifier();
    model.compile(new Adam(0.05), "sparse_categorical_crossentropy", List.of("accuracy"));
    Dataset train = Dataset.fromTensorSlices(x, y).shuffle(400, 1).batch(32);
    Dataset test = Dataset.fromTensorSlices(x, y).batch(100);
    History h = model.fit(train, 3, test, 0);
    assertThat(h.history().keySet())
        .containsExactly("loss", "accuracy", "val_loss", "val_accuracy");
    assertThat(h.get("loss")).hasSize(3);
    assertThat(h.get("loss").get(2)).isLessThan(h.get("loss").get(0));
    assertThat(h.get("val_accuracy").get(2)).isGreaterThan(0.95);
    assertThat(h.epoch()).containsExactly(0, 1, 2);
    assertThat(model.history()).isSameAs(h);
    assertThat(model.optimizer().iterations()).isEqualTo(3 * 13);

    Map<String, Double> result = model.evaluate(test, 0);
    assertThat(result.keySet()).containsExactly("loss", "accuracy");
    assertThat(result.get("loss"))
        .isCloseTo(h.get("val_loss").get(2), org.assertj.core.data.Offset.offset(1e-9));

    Tensor p = model.predict(x);
    assertThat(p.shape().toArray()).containsExactly(400, 2);
    assertThat(p.sum(1).sub(1.0).abs().max().item()).isLessThan(1e-5);
    double acc = p.argmax(1).eq(y.toLong()).to(DType.FLOAT64).mean().item();
    assertThat(acc).isEqualTo(result.get("accuracy"));
    assertThat(model.predict(x, 7))
        .satisfies(q -> assertThat(q.sub(p).abs().max().item()).isZero());
  }

  @Test
  void fitOnTensorsAndStringIdentifiers() {
    var model = classifier();
    model.compile("sgd", "sparse_categorical_crossentropy", List.of("acc"));
    History h = model.fit(x, y, 16, 2);
    assertThat(h.history().keySet()).containsExactly("loss", "acc");
    assertThat(model.optimizer()).isInstanceOf(SGD.class);
    assertThat(model.optimizer().learningRate()).isEqualTo(0.01);
  }

  @Test
  void dropoutTrainsOnlyInsideFit() {
    List<Boolean> modes = new ArrayList<>();
    Layer probe =
        new Layer() {
          @Override
          public Tensor call(Tensor in) {
            modes.add(isTraining());
            return in;
          }
        };
    var model =
        new Sequential(
            new Dense(4, "relu", inputShape(2)), probe, new Dropout(0.5), new Dense(2, "softmax"));
    modes.clear(); // building by shape ran the probe once
    model.compile(new SGD(), "sparse_categorical_crossentropy");
    model.fit(
        Dataset.fromTensorSlices(x, y).batch(200), 1, Dataset.fromTensorSlices(x, y).batch(400), 0);
    assertThat(modes).containsExactly(true, true, false);
    Tensor p1 = model.predict(x);
    Tensor p2 = model.predict(x);
    assertThat(p1.sub(p2).abs().max().item()).isZero();
    assertThat(model.isTraining()).isFalse();
  }

  @Test
  void progressBarPrintsKerasLinesWhenNotOnATerminal() {
    var model = classifier();
    model.compile(new Adam(0.05), "sparse_categorical_crossentropy", List.of("accuracy"));
    var bytes = new ByteArrayOutputStream();
    var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    model.fit(
        Dataset.fromTensorSlices(x, y).batch(32),
        2,
        Dataset.fromTensorSlices(x, y).batch(100),
        1,
        new ProgbarLogger(out, false));
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).isEqualTo("Epoch 1/2");
    assertThat(lines[1])
        .matches(
            "13/13 \\[==============================\\] - \\d+s \\d+(ms|us|s)/step - loss: \\d\\.\\d{4}"
                + " - accuracy: \\d\\.\\d{4} - val_loss: \\d\\.\\d{4} - val_accuracy: \\d\\.\\d{4}");
    assertThat(lines[2]).isEqualTo("Epoch 2/2");
  }

  @Test
  void verboseTwoPrintsOneLinePerEpoch() {
    var model = classifier();
    model.compile(new Adam(0.05), "sparse_categorical_crossentropy", List.of("accuracy"));
    var bytes = new ByteArrayOutputStream();
    model.fit(
        Dataset.fromTensorSlices(x, y).batch(32),
        1,
        null,
        2,
        new ProgbarLogger(new PrintStream(bytes, true, StandardCharsets.UTF_8), false));
    assertThat(bytes.toString(StandardCharsets.UTF_8).strip())
        .matches(
            "13/13 - \\d+s - loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4} - \\d+(ms|us|s)/epoch -"
                + " \\d+(ms|us|s)/step");
  }

  @Test
  void callbacksSeeKerasHooksInOrder() {
    List<String> events = new ArrayList<>();
    Callback recorder =
        new Callback() {
          @Override
          public void onTrainBegin(Map<String, Double> logs) {
            events.add("train_begin " + params().epochs() + " " + params().steps());
          }

          @Override
          public void onEpochBegin(int epoch, Map<String, Double> logs) {
            events.add("epoch_begin " + epoch);
          }

          @Override
          public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
            events.add("batch " + batch + " " + logs.keySet());
          }

          @Override
          public void onEpochEnd(int epoch, Map<String, Double> logs) {
            events.add("epoch_end " + epoch + " " + logs.keySet());
          }

          @Override
          public void onTrainEnd(Map<String, Double> logs) {
            events.add("train_end");
          }
        };
    var model = classifier();
    model.compile(new Adam(), "sparse_categorical_crossentropy", List.of("accuracy"));
    model.fit(
        Dataset.fromTensorSlices(x, y).batch(200),
        1,
        Dataset.fromTensorSlices(x, y).batch(400),
        0,
        recorder);
    assertThat(events)
        .containsExactly(
            "train_begin 1 2",
            "epoch_begin 0",
            "batch 0 [loss, accuracy]",
            "batch 1 [loss, accuracy]",
            "epoch_end 0 [loss, accuracy, val_loss, val_accuracy]",
            "train_end");
    assertThat(recorder.model()).isSameAs(model);
  }

  @Test
  void weightsRoundTripThroughSafetensors(@TempDir Path dir) throws Exception {
    var model = classifier();
    Path file = dir.resolve("w.safetensors");
    model.saveWeights(file);
    assertThat(jtorch.io.SafeTensors.load(file).keySet())
        .containsExactly("dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias");
    var other = classifier(); // named dense_2 / dense_3: loads by position
    other.loadWeights(file);
    assertThat(other.predict(x).sub(model.predict(x)).abs().max().item()).isZero();

    List<Tensor> w = model.getWeights();
    try (var g = Torch.noGrad()) {
      model.weights().get(0).fill_(0);
    }
    assertThat(model.getWeights().get(0).abs().max().item()).isZero();
    model.setWeights(w);
    model.loadWeights(file); // same names: loads by name
    assertThat(other.predict(x).sub(model.predict(x)).abs().max().item()).isZero();
    assertThatThrownBy(() -> model.setWeights(w.subList(0, 1)))
        .hasMessageContaining("has 4 weights");
    assertThatThrownBy(() -> new Sequential(new Dense(2)).saveWeights(file))
        .hasMessageContaining("has not created its weights");
  }

  @Test
  void misuseFailsClearly() {
    var model = classifier();
    assertThatThrownBy(() -> model.fit(Dataset.fromTensorSlices(x, y).batch(8), 1))
        .hasMessageContaining("compile()");
    model.compile("adam", "sparse_categorical_crossentropy");
    assertThatThrownBy(() -> model.fit(Dataset.fromTensorSlices(x).batch(8), 1, null, 0))
        .hasMessageContaining("labelled");
    assertThatThrownBy(() -> model.fit(Dataset.fromTensorSlices(x, y).batch(8).take(0), 1, null, 0))
        .hasMessageContaining("no batches");
  }

  @Test
  void frozenLayersAreNotUpdated() {
    var model = classifier();
    model.layers().get(0).trainable(false);
    Tensor before = model.weights().get(0).detach().clone();
    model.compile(new SGD(0.5), "sparse_categorical_crossentropy");
    model.fit(Dataset.fromTensorSlices(x, y).batch(50), 1, null, 0);
    List<Parameter> w = model.weights();
    assertThat(w.get(0).sub(before).abs().max().item()).isZero();
    List<String> lines = new ArrayList<>();
    model.summary(lines::add);
    assertThat(lines)
        .contains("Total params: 42", "Trainable params: 18", "Non-trainable params: 24");
  }
}
