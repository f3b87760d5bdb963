package jtorch;

import static jtorch.Torch.arange;
import static jtorch.Torch.randn;
import static jtorch.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jtorch.backend.Backend;
import jtorch.backend.BinaryOp;
import jtorch.backend.Dispatcher;
import jtorch.backend.ReduceOp;
import jtorch.backend.Scalar;
import jtorch.backend.Strided;
import jtorch.backend.UnaryOp;
import jtorch.backend.Window2d;
import jtorch.backend.cpu.CpuBackend;
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
    Backend fake = new FakeCuda();
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

  /** A "GPU" that keeps its bytes in host memory: enough to test device bookkeeping. */
  private static final class FakeCuda implements Backend {
    private final CpuBackend cpu = CpuBackend.INSTANCE;

    @Override
    public Device.Type deviceType() {
      return Device.Type.CUDA;
    }

    @Override
    public UntypedStorage allocate(long numel, DType dtype, Device device) {
      return UntypedStorage.wrap(cpu.allocate(numel, dtype, Device.CPU).segment(), device);
    }

    @Override
    public void fill(Strided out, Scalar value) {
      cpu.fill(out, value);
    }

    @Override
    public void copy(Strided src, Strided dst) {
      cpu.copy(src, dst);
    }

    @Override
    public void transfer(Strided src, Strided dst) {
      cpu.copy(src, dst);
    }

    @Override
    public void unary(UnaryOp op, Strided in, Strided out) {
      cpu.unary(op, in, out);
    }

    @Override
    public void binary(BinaryOp op, Strided a, Strided b, Strided out) {
      cpu.binary(op, a, b, out);
    }

    @Override
    public void where(Strided cond, Strided a, Strided b, Strided out) {
      cpu.where(cond, a, b, out);
    }

    @Override
    public void reduce(ReduceOp op, Strided in, int dim, Strided values, Strided indices) {
      cpu.reduce(op, in, dim, values, indices);
    }

    @Override
    public void matmul(Strided a, Strided b, Strided out) {
      cpu.matmul(a, b, out);
    }

    @Override
    public void im2col(Strided in, Window2d w, Strided out) {
      cpu.im2col(in, w, out);
    }

    @Override
    public void col2im(Strided cols, Window2d w, Strided out) {
      cpu.col2im(cols, w, out);
    }

    @Override
    public void maxPool2d(Strided in, Window2d w, Strided out, Strided indices) {
      cpu.maxPool2d(in, w, out, indices);
    }

    @Override
    public void maxPool2dBackward(Strided grad, Strided indices, Strided gradInput) {
      cpu.maxPool2dBackward(grad, indices, gradInput);
    }

    @Override
    public void gather(Strided in, int dim, Strided index, Strided out) {
      cpu.gather(in, dim, index, out);
    }

    @Override
    public void scatterAdd(Strided out, int dim, Strided index, Strided src) {
      cpu.scatterAdd(out, dim, index, src);
    }
  }
}
