package jtorch.keras.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jtorch.Tensor;
import jtorch.keras.Keras;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static final Tensor PROBS =
      Keras.constant(new double[][] {{0.1, 0.9, 0}, {0.8, 0.1, 0.1}, {0.2, 0.3, 0.5}, {1, 0, 0}});

  @Test
  void sparseCategoricalAccuracyAveragesOverBatches() {
    var m = new SparseCategoricalAccuracy();
    m.updateState(Keras.constant(new int[] {1, 0, 2, 1}), PROBS); // 3 of 4
    assertThat(m.result()).isEqualTo(0.75);
    m.updateState(Keras.constant(new int[] {0, 0}), PROBS.narrow(0, 0, 2)); // 1 of 2
    assertThat(m.result()).isEqualTo(4.0 / 6);
    m.resetState();
    assertThat(m.result()).isZero();
  }

  @Test
  void accuracyPicksItsKindFromTheShapesLikeKeras() {
    Metric sparse = Metrics.get("accuracy");
    sparse.updateState(Keras.constant(new long[] {1, 0, 2, 1}), PROBS);
    assertThat(sparse.result()).isEqualTo(0.75);
    assertThat(sparse.name()).isEqualTo("accuracy");

    Metric categorical = Metrics.get("acc");
    Tensor oneHot = Keras.constant(new double[][] {{0, 1, 0}, {0, 0, 1}, {0, 0, 1}, {1, 0, 0}});
    categorical.updateState(oneHot, PROBS);
    assertThat(categorical.result()).isEqualTo(0.75);

    Metric binary = Metrics.get("accuracy");
    binary.updateState(
        Keras.constant(new double[][] {{1}, {0}, {1}}),
        Keras.constant(new double[][] {{0.7}, {0.6}, {0.2}}));
    assertThat(binary.result()).isEqualTo(1.0 / 3);
    assertThatThrownBy(() -> Metrics.get("f1")).hasMessageContaining("f1");
  }
}
