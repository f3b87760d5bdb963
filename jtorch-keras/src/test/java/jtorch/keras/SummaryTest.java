package jtorch.keras;

import static jtorch.keras.Keras.inputShape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jtorch.Tensor;
import jtorch.keras.layers.Conv2D;
import jtorch.keras.layers.Dense;
import jtorch.keras.layers.Dropout;
import jtorch.keras.layers.Flatten;
import jtorch.keras.layers.MaxPooling2D;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** model.summary() against Keras 2's layout (tools/keras/reference.py writes summary.txt). */
class SummaryTest {

  @BeforeEach
  void freshSession() {
    Keras.clearSession();
  }

  static Sequential tutorialModel() {
    return new Sequential(
        new Conv2D(16, 3, "relu", inputShape(28, 28, 1)),
        new Conv2D(32, 3, "relu"),
        new MaxPooling2D(2),
        new Dropout(0.1),
        new Flatten(),
        new Dense(64, "relu"),
        new Dropout(0.25),
        new Dense(10, "softmax"));
  }

  @Test
  void tutorialConvNetSummaryIsKeras() throws IOException {
    List<String> lines = new ArrayList<>();
    tutorialModel().summary(lines::add);
    String expected;
    try (InputStream in = SummaryTest.class.getResourceAsStream("/keras/summary.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(String.join("\n", lines) + "\n").isEqualTo(expected);
  }

  @Test
  void aModelWithoutInputShapeBuildsOnItsFirstBatch() {
    var model = new Sequential(new Dense(8, "relu"), new Dense(2));
    assertThat(model.isBuilt()).isFalse();
    assertThatThrownBy(model::summary).hasMessageContaining("has not yet been built");
    Tensor y = model.predict(jtorch.Torch.zeros(5, 3));
    assertThat(y.shape().toArray()).containsExactly(5, 2);
    List<String> lines = new ArrayList<>();
    model.summary(lines::add);
    assertThat(lines).contains(" dense (Dense)               (None, 8)                 32        ");
    assertThat(lines).contains("Total params: 50");
  }

  /** A subclassed model with one layer it never calls. */
  static final class TwoDense extends Model {
    final Dense first = register("first", new Dense(4, "relu"));
    final Dense second = register("second", new Dense(2));
    final Dense unused = register("unused", new Dense(7));

    @Override
    public Tensor call(Tensor x) {
      return second.forward(first.forward(x));
    }
  }

  @Test
  void subclassedModelsListTheirRegisteredLayers() {
    var model = new TwoDense();
    model.build(TensorShape.of(-1, 3));
    List<String> lines = new ArrayList<>();
    model.summary(lines::add);
    assertThat(lines.get(0)).isEqualTo("Model: \"two_dense\"");
    assertThat(lines)
        .contains(
            " dense (Dense)               (None, 4)                 16        ",
            " dense_1 (Dense)             (None, 2)                 10        ",
            " dense_2 (Dense)             multiple                  0 (unused)",
            "Total params: 26");
    assertThat(model.predict(jtorch.Torch.ones(3, 3)).shape().toArray()).containsExactly(3, 2);
  }

  @Test
  void inputLayerBuildsAndIsNotListed() {
    var model = new Sequential(Keras.input(784), new Dense(10, "softmax"));
    assertThat(model.isBuilt()).isTrue();
    assertThat(model.layers()).hasSize(1);
    assertThat(model.countParams()).isEqualTo(7850);
  }

  @Test
  void duplicateNamesAreRefused() {
    var a = new Dense(2);
    var model = new Sequential(a);
    assertThatThrownBy(() -> model.add(new Dense(2).name(a.name())))
        .hasMessageContaining("should have unique names");
  }
}
