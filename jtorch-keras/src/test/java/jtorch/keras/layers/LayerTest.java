package jtorch.keras.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.keras.Keras;
import jtorch.keras.TensorShape;
import jtorch.keras.initializers.Initializers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Layer life cycle: names, deferred building, defaults, modes, messages. */
class LayerTest {

  @BeforeEach
  void freshSession() {
    Keras.clearSession();
  }

  @Test
  void namesFollowKerasCounters() {
    assertThat(new Conv2D(1, 3).name()).isEqualTo("conv2d");
    assertThat(new Conv2D(1, 3).name()).isEqualTo("conv2d_1");
    assertThat(new MaxPooling2D(2).name()).isEqualTo("max_pooling2d");
    assertThat(new Dense(1).name()).isEqualTo("dense");
    Keras.clearSession();
    assertThat(new Dense(1).name()).isEqualTo("dense");
    assertThat(Keras.snakeCase("ConvNet")).isEqualTo("conv_net");
  }

  @Test
  void buildsFromTheFirstInputWithKerasDefaultInitialisers() {
    Torch.manualSeed(0);
    var dense = new Dense(64, "relu");
    assertThat(dense.isBuilt()).isFalse();
    Tensor y = dense.forward(Torch.ones(2, 4608));
    assertThat(y.shape().toArray()).containsExactly(2, 64);
    assertThat(dense.kernel.shape().toArray()).containsExactly(4608, 64);
    assertThat(dense.countParams()).isEqualTo(294_976);
    assertThat(dense.bias.abs().max().item()).isZero(); // zeros
    double limit = Math.sqrt(6.0 / (4608 + 64)); // glorot_uniform
    assertThat(dense.kernel.abs().max().item())
        .isLessThanOrEqualTo(limit)
        .isGreaterThan(0.9 * limit);
    // The uniform distribution's std is limit / sqrt(3).
    double std = dense.kernel.pow(2L).mean().sqrt().item();
    assertThat(std)
        .isCloseTo(limit / Math.sqrt(3), org.assertj.core.data.Offset.offset(limit * 0.01));
  }

  @Test
  void convKernelFansAreKerasHwio() {
    assertThat(Initializers.fans(new long[] {3, 3, 16, 32})).containsExactly(144, 288);
    var conv = new Conv2D(32, 3);
    conv.ensureBuilt(TensorShape.of(-1, 26, 26, 16), null);
    assertThat(conv.kernel.shape().toArray()).containsExactly(3, 3, 16, 32);
    assertThat(conv.kernel.abs().max().item()).isLessThanOrEqualTo(Math.sqrt(6.0 / (144 + 288)));
  }

  @Test
  void castsInputsToFloat32() {
    Tensor pixels = Torch.ones(new long[] {1, 4, 4, 1}, DType.UINT8);
    assertThat(new Conv2D(2, 3).forward(pixels).dtype()).isEqualTo(DType.FLOAT32);
  }

  @Test
  void dropoutIsOnlyActiveInTrainingMode() {
    var drop = new Dropout(0.5);
    Tensor x = Torch.ones(1000);
    assertThat(drop.isTraining()).isFalse();
    assertThat(drop.forward(x)).isSameAs(x);
    drop.train(true);
    Tensor y = drop.forward(x);
    assertThat(y.eq(0).sum().item()).isBetween(400.0, 600.0);
    assertThat(y.max().item()).isEqualTo(2.0);
    assertThatThrownBy(() -> new Dropout(1.0)).hasMessageContaining("between 0 and 1");
  }

  @Test
  void wrongInputsFailWithKerasMessages() {
    var dense = new Dense(3);
    dense.forward(Torch.zeros(2, 4));
    assertThatThrownBy(() -> dense.forward(Torch.zeros(2, 5)))
        .hasMessage(
            "Input 0 of layer \""
                + dense.name()
                + "\" is incompatible with the layer: expected axis -1 of input shape to have value"
                + " 4, but received input with shape (2, 5)");
    assertThatThrownBy(() -> new Conv2D(2, 3).forward(Torch.zeros(28, 28, 1)))
        .hasMessageContaining(
            "expected min_ndim=4, found ndim=3. Full shape received: (28, 28, 1)");
    assertThatThrownBy(() -> new Conv2D(2, 3).padding("full"))
        .hasMessageContaining("one of \"valid\", \"same\"");
    assertThatThrownBy(() -> new Dense(2, "swish")).hasMessageContaining("Unknown activation");
  }

  @Test
  void optionsCannotChangeAfterBuilding() {
    var conv = new Conv2D(2, 3);
    conv.forward(Torch.zeros(1, 5, 5, 1));
    assertThatThrownBy(() -> conv.strides(2)).hasMessageContaining("before the layer is built");
  }

  @Test
  void frozenLayersHaveNoTrainableWeights() {
    var dense = new Dense(3);
    dense.trainable(false);
    dense.forward(Torch.zeros(1, 2));
    assertThat(dense.trainableWeights()).isEmpty();
    assertThat(dense.weights()).hasSize(2);
  }
}
