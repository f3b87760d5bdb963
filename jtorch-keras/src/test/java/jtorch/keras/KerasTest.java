package jtorch.keras;

import static jtorch.keras.Keras.inputShape;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jtorch.DType;
import jtorch.Device;
import jtorch.Tensor;
import jtorch.keras.layers.Dense;
import org.junit.jupiter.api.Test;

/** The TensorFlow side of seed.md section 1: constants, shapes, device scopes. */
class KerasTest {

  @Test
  void constantsUseTensorFlowDtypesAndShapesPrintAsTensorShape() {
    Tensor c = Keras.constant(new double[][] {{1, 2}, {3, 4}, {5, 6}});
    assertThat(c.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(Keras.shape(c)).hasToString("TensorShape([3, 2])");
    assertThat(Keras.shape(c).asList()).containsExactly(3L, 2L);
    assertThat(c.untypedStorage().nbytes()).isEqualTo(24);
    assertThat(Keras.constant(new int[] {1, 2}).dtype()).isEqualTo(DType.INT32);
    assertThat(Keras.constant(7).dtype()).isEqualTo(DType.INT32);
    assertThat(Keras.constant(new long[] {1}).dtype()).isEqualTo(DType.INT64);
    assertThat(Keras.constant(new double[] {1}, DType.FLOAT16).dtype()).isEqualTo(DType.FLOAT16);
    assertThat(TensorShape.of(28, 28, 1).withBatch()).hasToString("TensorShape([None, 28, 28, 1])");
    assertThat(TensorShape.of(-1, 4608).toTupleString()).isEqualTo("(None, 4608)");
    assertThat(TensorShape.of(5).toTupleString()).isEqualTo("(5,)");
  }

  @Test
  void deviceNamesMapToJtorchDevices() {
    assertThat(Keras.parseDevice("/gpu:0")).isEqualTo(Device.cuda(0));
    assertThat(Keras.parseDevice("/GPU:1")).isEqualTo(Device.cuda(1));
    assertThat(Keras.parseDevice("/device:GPU:2")).isEqualTo(Device.cuda(2));
    assertThat(Keras.parseDevice("/job:localhost/replica:0/task:0/device:CPU:0"))
        .isEqualTo(Device.CPU);
    assertThat(Keras.parseDevice("/cpu:0")).isEqualTo(Device.CPU);
    assertThat(Keras.parseDevice("cuda:3")).isEqualTo(Device.cuda(3));
    assertThatThrownBy(() -> Keras.parseDevice("/tpu:0")).hasMessageContaining("/tpu:0");
  }

  @Test
  void cpuScopePlacesConstantsAndWeights() {
    assertThat(Keras.currentDevice()).isNull();
    try (var scope = Keras.device("/cpu:0")) {
      assertThat(Keras.currentDevice()).isEqualTo(Device.CPU);
      assertThat(Keras.constant(new double[] {1, 2}).device()).isEqualTo(Device.CPU);
      var model = new Sequential(new Dense(4, "relu", inputShape(3)));
      assertThat(model.device()).isEqualTo(Device.CPU);
      assertThat(model.weights()).allMatch(w -> w.device().equals(Device.CPU));
    }
    assertThat(Keras.currentDevice()).isNull();
  }

  @Test
  void gpuScopeWithoutCudaFailsClearly() {
    assumeNoCuda();
    assertThatThrownBy(() -> Keras.device("/gpu:0"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("cuda:0 is not available");
    assertThat(Keras.currentDevice()).isNull();
  }

  @Test
  void scopesNestAndMustCloseInOrder() {
    var outer = Keras.device("/cpu:0");
    var inner = Keras.device("cpu");
    assertThatThrownBy(outer::close).hasMessageContaining("reverse order");
    inner.close();
    outer.close();
    outer.close(); // twice is harmless
    assertThat(Keras.currentDevice()).isNull();
  }

  private static void assumeNoCuda() {
    boolean cuda;
    try {
      jtorch.backend.Dispatcher.of(Device.cuda(0));
      cuda = true;
    } catch (UnsupportedOperationException e) {
      cuda = false;
    }
    org.junit.jupiter.api.Assumptions.assumeFalse(cuda, "a CUDA backend is present");
  }
}
