package jtorch;

import static jtorch.Torch.arange;
import static jtorch.Torch.randn;
import static jtorch.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jtorch.backend.Backend;
import jtorch.backend.Dispatcher;
import org.junit.jupiter.api.Test;

/** The messages of the most common mistakes name the op, both sides and the fix. */
class ErrorMessagesTest {

  @Test
  void matmulShapeMismatchNamesBothShapes() {
    assertThatThrownBy(() -> randn(32, 4608).matmul(randn(4068, 64)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("matmul")
        .hasMessageContaining("mat1 and mat2 shapes cannot be multiplied (32x4608 and 4068x64)");
    assertThatThrownBy(() -> randn(3, 4).mm(randn(5, 2)))
        .hasMessageContaining("mm: mat1 and mat2 shapes cannot be multiplied (3x4 and 5x2)");
  }

  @Test
  void broadcastFailureNamesTheDimension() {
    assertThatThrownBy(() -> randn(2, 3).add(randn(4)))
        .hasMessageContaining("add: The size of tensor a (3) must match the size of tensor b (4)")
        .hasMessageContaining("at non-singleton dimension 1")
        .hasMessageContaining("[2, 3] and [4]");
  }

  @Test
  void indexOutOfRange() {
    Tensor x = arange(5);
    assertThatThrownBy(() -> x.get(5))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("index 5 is out of bounds for dimension 0 with size 5");
    assertThatThrownBy(() -> x.sum(2))
        .hasMessageContaining(
            "Dimension out of range (expected to be in range of [-1, 0], but got 2)");
  }

  @Test
  void backwardWithoutGrad() {
    assertThatThrownBy(() -> randn(3).sum().backward())
        .hasMessageContaining("element 0 of tensors does not require grad");
  }

  @Test
  void inPlaceResultTypeMustFit() {
    assertThatThrownBy(() -> arange(3).add_(0.5))
        .hasMessageContaining(
            "result type torch.float32 can't be cast to the desired output type torch.int64");
  }

  @Test
  void mixedDevicesAreRefused() {
    Backend fake = new FakeCudaBackend();
    Dispatcher.register(fake);
    try {
      Tensor onGpu = tensor(new float[] {1, 2}).to("cuda:0");
      Tensor onCpu = tensor(new float[] {1, 2});
      assertThatThrownBy(() -> onGpu.add(onCpu))
          .hasMessageContaining("add: Expected all tensors to be on the same device")
          .hasMessageContaining("cuda:0 and cpu")
          .hasMessageContaining(".to(device)");
      assertThatThrownBy(() -> onCpu.matmul(onGpu)).hasMessageContaining("same device");
    } finally {
      Dispatcher.unregister(Device.Type.CUDA);
    }
  }
}
