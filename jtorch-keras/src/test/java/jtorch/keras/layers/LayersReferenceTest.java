package jtorch.keras.layers;

import static jtorch.keras.testing.Assertions.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.keras.Sequential;
import jtorch.keras.TensorShape;
import jtorch.keras.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The layers against values computed from Keras's formulas by tools/keras/reference.py. */
class LayersReferenceTest {

  static Stream<String> convCases() {
    return Golden.names("conv2d.").stream();
  }

  static Stream<String> poolCases() {
    return Golden.names("maxpool.").stream();
  }

  @ParameterizedTest
  @MethodSource("convCases")
  void conv2dMatchesTensorFlowWithHwioKernels(String name) {
    Golden.Case c = Golden.get(name);
    Tensor x = c.t("x");
    Tensor kernel = c.t("kernel");
    int[] s = c.pair("strides");
    var conv =
        new Conv2D(
                (int) kernel.size(3), new int[] {(int) kernel.size(0), (int) kernel.size(1)}, null)
            .strides(s[0], s[1])
            .padding(c.attr("padding", "valid"))
            .dilationRate(Integer.parseInt(c.attr("dilation", "1")));
    conv.ensureBuilt(TensorShape.ofBatch(x), null);
    assertThat(conv.kernel.shape().toArray()).isEqualTo(kernel.shape().toArray());
    try (var g = Torch.noGrad()) {
      conv.kernel.copy_(kernel);
      conv.bias.copy_(c.t("bias"));
    }
    Tensor xg = x.clone().requiresGrad_();
    Tensor y = conv.forward(xg);
    assertClose(y, c.t("out"), 1e-5, 1e-5, name);
    assertThat(conv.computeOutputShape(TensorShape.ofBatch(x)))
        .isEqualTo(TensorShape.ofBatch(c.t("out")));
    y.mul(c.t("upstream")).sum().backward();
    assertClose(xg.grad(), c.t("grad_x"), 1e-4, 1e-5, name + " d/dx");
    assertClose(conv.kernel.grad(), c.t("grad_kernel"), 1e-4, 1e-4, name + " d/dkernel");
    assertClose(conv.bias.grad(), c.t("grad_bias"), 1e-4, 1e-4, name + " d/dbias");
  }

  @ParameterizedTest
  @MethodSource("poolCases")
  void maxPooling2dMatchesTensorFlow(String name) {
    Golden.Case c = Golden.get(name);
    int[] pool = c.pair("pool");
    int[] s = c.pair("strides");
    var layer =
        new MaxPooling2D(pool[0], pool[1]).strides(s[0], s[1]).padding(c.attr("padding", ""));
    Tensor x = c.t("x").clone().requiresGrad_();
    Tensor y = layer.forward(x);
    assertClose(y, c.t("out"), name);
    assertThat(layer.computeOutputShape(TensorShape.ofBatch(x)))
        .isEqualTo(TensorShape.ofBatch(c.t("out")));
    y.mul(c.t("upstream")).sum().backward();
    assertClose(x.grad(), c.t("grad_x"), name + " d/dx");
  }

  @Test
  void maxPoolingStridesDefaultToThePoolSize() {
    var shape = new MaxPooling2D(2).computeOutputShape(TensorShape.of(-1, 24, 24, 32));
    assertThat(shape).hasToString("TensorShape([None, 12, 12, 32])");
    assertThat(new MaxPooling2D(3).computeOutputShape(TensorShape.of(-1, 10, 11, 1)))
        .isEqualTo(TensorShape.of(-1, 3, 3, 1));
  }

  @Test
  void tensorFlowSamePaddingDiffersFromPyTorchForEvenKernels() {
    // TF puts the odd padding pixel at the bottom/right: with a 2x2 kernel of ones over
    // [[1, 2], [3, 4]] the top-left output sees all four pixels (PyTorch's 'same' pads top/left).
    var conv = new Conv2D(1, new int[] {2, 2}, null).padding("same").useBias(false);
    Tensor x = Torch.tensor(new float[] {1, 2, 3, 4}).reshape(1, 2, 2, 1);
    conv.ensureBuilt(TensorShape.ofBatch(x), null);
    try (var g = Torch.noGrad()) {
      conv.kernel.fill_(1);
    }
    assertThat(conv.forward(x).reshape(4).toFloatArray()).containsExactly(10, 6, 7, 4);
  }

  @Test
  void flattenUsesChannelsLastOrderBeforeDense() {
    Golden.Case c = Golden.get("flatten_dense");
    assertClose(new Flatten().forward(c.t("x")), c.t("flat"), "flatten");
    var model = new Sequential(new Flatten(), new Dense(3));
    model.build(TensorShape.ofBatch(c.t("x")));
    model.setWeights(List.of(c.t("kernel"), c.t("bias")));
    assertClose(model.predict(c.t("x")), c.t("out"), "flatten + dense");
  }

  @Test
  void denseWithActivations() {
    Golden.Case c = Golden.get("dense.relu_softmax");
    for (String act : List.of("relu", "softmax")) {
      var dense = new Dense(6, act);
      dense.ensureBuilt(TensorShape.ofBatch(c.t("x")), null);
      assertThat(dense.kernel.shape().toArray()).containsExactly(5, 6);
      try (var g = Torch.noGrad()) {
        dense.kernel.copy_(c.t("kernel"));
        dense.bias.copy_(c.t("bias"));
      }
      assertClose(dense.forward(c.t("x")), c.t(act), act);
    }
  }

  @Test
  void aSmallConvNetWithKerasWeightsPredictsKerasOutputs() {
    Golden.Case c = Golden.get("model.small");
    var model =
        new Sequential(
            new Conv2D(4, 3, "relu", TensorShape.of(8, 8, 2)),
            new MaxPooling2D(2),
            new Flatten(),
            new Dense(3, "softmax"));
    model.setWeights(List.of(c.t("k1"), c.t("b1"), c.t("k2"), c.t("b2")));
    assertClose(model.predict(c.t("x")), c.t("out"), "model");
  }
}
