package jtorch.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jtorch.Tensor;
import jtorch.Torch;
import jtorch.nn.functional.F;
import org.junit.jupiter.api.Test;

/**
 * The layers compute what their functions in {@link F} compute (the math itself is checked against
 * PyTorch in {@code GoldenNnTest}), accept unbatched [C, H, W] images as PyTorch does, and name
 * themselves when an input does not fit.
 */
class LayersTest {

  @Test
  void layersDelegateToTheirFunctions() {
    Torch.manualSeed(0);
    Tensor x = Torch.randn(2, 4, 6, 6);
    Conv2d conv = new Conv2d(new Conv2dOptions(4, 6, 3).stride(2).padding(1).dilation(2).groups(2));
    assertThat(conv.forward(x).toFloatArray())
        .isEqualTo(
            F.conv2d(
                    x,
                    conv.weight,
                    conv.bias,
                    new int[] {2, 2},
                    new int[] {1, 1},
                    new int[] {2, 2},
                    2)
                .toFloatArray());
    Conv2d same = new Conv2d(new Conv2dOptions(4, 2, 4).padding("same").bias(false));
    assertThat(same.forward(x).shape().toArray()).containsExactly(2, 2, 6, 6);
    assertThat(new MaxPool2d(3).stride(2).padding(1).dilation(1).forward(x).toFloatArray())
        .isEqualTo(F.maxPool2d(x, 3, 2, 1, 1).toFloatArray());
    assertThat(new AvgPool2d(3).stride(1).padding(1).forward(x).toFloatArray())
        .isEqualTo(F.avgPool2d(x, 3, 1, 1).toFloatArray());
    assertThat(new ReLU().forward(x).toFloatArray()).isEqualTo(F.relu(x).toFloatArray());
    assertThat(new Softmax(1).forward(x).toFloatArray()).isEqualTo(F.softmax(x, 1).toFloatArray());
    assertThat(new LogSoftmax(1).forward(x).toFloatArray())
        .isEqualTo(F.logSoftmax(x, 1).toFloatArray());
    assertThat(new Flatten().forward(x).shape().toArray()).containsExactly(2, 144);
    Linear fc = new Linear(6, 3);
    assertThat(fc.forward(x).toFloatArray())
        .isEqualTo(F.linear(x, fc.weight, fc.bias).toFloatArray());
  }

  @Test
  void sequentialFusesAConvolutionWithTheReluAndPoolingAfterIt() {
    Torch.manualSeed(2);
    Conv2d conv = new Conv2d(3, 5, 3);
    Tensor x = Torch.randn(4, 3, 8, 8).requiresGrad_();
    Tensor g = Torch.randn(4, 5, 6, 6);
    Tensor fused = new Sequential(conv, new ReLU()).forward(x);
    assertThat(fused.gradFn().name()).isEqualTo("ConvolutionReluBackward0");
    fused.backward(g);
    float[][] fusedGrads = {x.grad().toFloatArray(), conv.weight.grad().toFloatArray()};
    x.setGrad(null);
    conv.weight.setGrad(null);
    Tensor plain = F.relu(conv.forward(x));
    plain.backward(g);
    assertThat(fused.toFloatArray()).isEqualTo(plain.toFloatArray());
    assertThat(fusedGrads[0]).isEqualTo(x.grad().toFloatArray());
    assertThat(fusedGrads[1]).isEqualTo(conv.weight.grad().toFloatArray());
    ReLU own = new ReLU() {}; // a subclass may do more than relu: not fused
    assertThat(new Sequential(conv, own).forward(x).gradFn().name()).isEqualTo("ReluBackward0");
    assertThat(new Sequential(new ReLU(), conv).forward(x).gradFn().name())
        .isEqualTo("ConvolutionBackward0");

    x.setGrad(null);
    conv.weight.setGrad(null);
    Tensor gp = Torch.randn(4, 5, 3, 3);
    Tensor pooled = new Sequential(conv, new ReLU(), new MaxPool2d(2)).forward(x);
    assertThat(pooled.gradFn().name()).isEqualTo("ConvolutionReluMaxPoolBackward0");
    pooled.backward(gp);
    float[][] pooledGrads = {x.grad().toFloatArray(), conv.weight.grad().toFloatArray()};
    x.setGrad(null);
    conv.weight.setGrad(null);
    Tensor unfused = F.maxPool2d(F.relu(conv.forward(x)), 2);
    unfused.backward(gp);
    assertThat(pooled.toFloatArray()).isEqualTo(unfused.toFloatArray());
    assertThat(pooledGrads[0]).isEqualTo(x.grad().toFloatArray());
    assertThat(pooledGrads[1]).isEqualTo(conv.weight.grad().toFloatArray());
  }

  @Test
  void windowErrorsNameTheShapesFusedOrNot() {
    assertThatThrownBy(() -> new MaxPool2d(4).forward(Torch.zeros(1, 2, 3, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("maxPool2d: input [1, 2, 3, 3] is too small");
    // fused in a Sequential: the pooling's input is the convolution's output, as unfused
    Sequential seq = new Sequential(new Conv2d(1, 2, 3), new ReLU(), new MaxPool2d(4));
    assertThatThrownBy(() -> seq.forward(Torch.zeros(1, 1, 5, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("maxPool2d: input [1, 2, 3, 3] is too small");
    // a strided window larger than the input: output size rounded down below zero, as PyTorch
    Conv2d strided = new Conv2d(new Conv2dOptions(1, 2, 3).stride(2));
    assertThatThrownBy(() -> strided.forward(Torch.zeros(1, 1, 2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 1, 2, 2] is too small for kernel (3, 3)");
    Sequential padded =
        new Sequential(new Conv2d(1, 2, 3), new ReLU(), new MaxPool2d(2).padding(2));
    assertThatThrownBy(() -> padded.forward(Torch.zeros(1, 1, 8, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "maxPool2d: pad should be at most half of effective kernel size, but got pad=(2, 2)"
                + " and kernel_size=(2, 2)");
  }

  @Test
  void unbatchedImagesAsPyTorch() {
    Torch.manualSeed(1);
    Tensor image = Torch.randn(1, 28, 28);
    Conv2d cn1 = new Conv2d(1, 16, 3, 1);
    Tensor batched = cn1.forward(image.unsqueeze(0));
    Tensor unbatched = cn1.forward(image);
    assertThat(unbatched.shape().toArray()).containsExactly(16, 26, 26);
    assertThat(unbatched.toFloatArray()).isEqualTo(batched.squeeze(0).toFloatArray());
    assertThat(new MaxPool2d(2).forward(unbatched).shape().toArray()).containsExactly(16, 13, 13);
    assertThat(new AvgPool2d(2).forward(unbatched).shape().toArray()).containsExactly(16, 13, 13);
  }

  @Test
  void shapeErrorsNameTheLayer() {
    Conv2d cn2 = new Conv2d(16, 32, 3, 1);
    assertThatThrownBy(() -> cn2.forward(Torch.zeros(2, 3, 8, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Conv2d(16, 32, kernel_size=(3, 3), stride=(1, 1))")
        .hasMessageContaining("to have 16 channels, but got 3 channels instead");
    assertThatThrownBy(() -> cn2.forward(Torch.zeros(8, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 2-D [8, 8]");
    assertThatThrownBy(() -> new Linear(4, 2).forward(Torch.zeros(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Linear(in_features=4, out_features=2, bias=True)")
        .hasMessageContaining("mat1 and mat2 shapes cannot be multiplied (1x5 and 4x2)");
    assertThatThrownBy(() -> new BatchNorm2d(3).forward(Torch.zeros(2, 4, 2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BatchNorm2d(3, eps=1e-05");
    assertThatThrownBy(() -> new Dropout(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dropout probability has to be between 0 and 1, but got 1.5");
  }
}
