package jtorch.keras.losses;

import static jtorch.keras.testing.Assertions.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.keras.Activations;
import jtorch.keras.Keras;
import jtorch.keras.testing.Golden;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The losses against TensorFlow's backend formulas (tools/keras/reference.py). */
class LossesReferenceTest {

  @Test
  void sparseCategoricalCrossentropyFromProbabilitiesClipsLikeKeras() {
    Golden.Case c = Golden.get("scce.probabilities");
    var loss = new SparseCategoricalCrossentropy();
    assertClose(loss.call(c.t("y"), c.t("p")), c.t("per_example"), "per example");
    assertClose(loss.compute(c.t("y"), c.t("p")), c.t("mean"), "mean");
    // p = 0 for the label is clipped to 1e-7: -log(1e-7 / (1 + 1e-7)) ~ 16.118, not infinity.
    assertThat(c.t("per_example").get(2).item()).isCloseTo(16.118, Offset.offset(1e-3));
    // Labels as uint8 (MNIST) or with a trailing axis of 1 give the same.
    assertClose(loss.call(c.t("y").to(DType.UINT8), c.t("p")), c.t("per_example"), "uint8");
    assertClose(loss.call(c.t("y").unsqueeze(1), c.t("p")), c.t("per_example"), "(n, 1)");
  }

  @Test
  void sparseCategoricalCrossentropyFromLogits() {
    Golden.Case c = Golden.get("scce.logits");
    var loss = new SparseCategoricalCrossentropy(true);
    assertClose(loss.call(c.t("y"), c.t("logits")), c.t("per_example"), "per example");
    assertClose(loss.compute(c.t("y"), c.t("logits")), c.t("mean"), "mean");
  }

  @Test
  void kerasDocumentationExample() {
    // keras.io: SparseCategoricalCrossentropy()([1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]) = 1.177
    Tensor y = Keras.constant(new int[] {1, 2});
    Tensor p = Keras.constant(new double[][] {{0.05, 0.95, 0}, {0.1, 0.8, 0.1}});
    assertThat(new SparseCategoricalCrossentropy().compute(y, p).item())
        .isCloseTo(1.1769392, Offset.offset(1e-6));
  }

  @Test
  void probabilitiesFromAKerasSoftmaxUseItsLogits() {
    Tensor logits = Keras.constant(new double[][] {{40, 0, 0}, {0, 0, 0}});
    Tensor y = Keras.constant(new int[] {1, 0});
    Tensor viaActivation = Activations.softmax(logits);
    Tensor plain = logits.softmax(-1);
    var loss = new SparseCategoricalCrossentropy();
    // Through the activation the exact value 40 + log(1 + 2 e^-40) survives; plain probabilities
    // are
    // clipped at 1e-7, as TensorFlow's backend does.
    assertThat(loss.call(y, viaActivation).get(0).item()).isCloseTo(40.0, Offset.offset(1e-4));
    assertThat(loss.call(y, plain).get(0).item()).isCloseTo(16.118, Offset.offset(1e-3));
    // and the gradient reaches the logits.
    Tensor z = logits.clone().requiresGrad_();
    loss.compute(y, Activations.softmax(z)).backward();
    assertThat(z.grad().get(0, 1).item()).isCloseTo(-0.5, Offset.offset(1e-6));
  }

  @Test
  void categoricalCrossentropyRenormalisesAndClips() {
    Golden.Case c = Golden.get("cce.probabilities");
    assertClose(new CategoricalCrossentropy().call(c.t("t"), c.t("p")), c.t("per_example"), "cce");
  }

  @Test
  void meanSquaredError() {
    Golden.Case c = Golden.get("mse");
    assertClose(Losses.get("mse").call(c.t("y_true"), c.t("y_pred")), c.t("per_example"), "mse");
  }

  @Test
  void namesAndShapeErrors() {
    assertThat(Losses.get("sparse_categorical_crossentropy").name())
        .isEqualTo("sparse_categorical_crossentropy");
    assertThatThrownBy(() -> Losses.get("hinge")).hasMessageContaining("hinge");
    assertThatThrownBy(
            () -> new SparseCategoricalCrossentropy().call(Torch.zeros(2, 3), Torch.zeros(2, 3)))
        .hasMessageContaining("target.ndim - 1");
  }
}
