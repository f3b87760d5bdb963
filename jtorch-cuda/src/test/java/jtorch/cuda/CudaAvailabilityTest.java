package jtorch.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jtorch.Device;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.backend.Dispatcher;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Without a usable GPU, CUDA says why and what to install, and nothing falls back to the CPU; with
 * one, it reports its devices.
 */
class CudaAvailabilityTest {
  @Test
  void withoutTheDriverCudaIsUnavailableWithItsReason() {
    Assumptions.assumeFalse(CudaTests.driverPresent(), "this machine has the NVIDIA driver");
    assertThat(Torch.cuda().isAvailable()).isFalse();
    assertThat(Torch.cuda().deviceCount()).isZero();
    assertThat(Torch.cuda().unavailableReason())
        .contains("Device cuda:0 is not available")
        .contains("libcuda.so.1 (the NVIDIA driver) was not found")
        .contains("Install the NVIDIA driver");
    Torch.cuda().emptyCache(); // harmless without CUDA
  }

  @Test
  void movingATensorFailsWithTheSameReasonAndNeverFallsBack() {
    Assumptions.assumeFalse(Torch.cuda().isAvailable(), "a GPU is available");
    Tensor x = Torch.tensor(new float[] {1, 2});
    assertThatThrownBy(() -> x.to("cuda"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("cuda:0 is not available")
        .hasMessage(Torch.cuda().unavailableReason());
    assertThatThrownBy(() -> Torch.zeros(new long[] {2}, jtorch.DType.FLOAT32, Device.cuda(0)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> Torch.cuda().memoryAllocated())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(x::pinMemory)
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageStartingWith(
            "pinMemory: pinned (page-locked) memory comes from the CUDA driver.")
        .hasMessageEndingWith(Torch.cuda().unavailableReason());
    assertThat(x.to(Device.CPU, true)).isSameAs(x);
  }

  @Test
  void theProviderIsFoundThroughTheServiceLoader() {
    boolean found =
        java.util.ServiceLoader.load(jtorch.backend.BackendProvider.class).stream()
            .anyMatch(p -> p.type() == CudaBackendProvider.class);
    assertThat(found).isTrue();
  }

  @Test
  void withAGpuDevicesAreCountedAndNamed() {
    String reason = CudaTests.noGpuReason();
    Assumptions.assumeTrue(reason == null, () -> "no usable GPU: " + reason);
    assertThat(Torch.cuda().deviceCount()).isPositive();
    assertThat(Torch.cuda().getDeviceName(0)).isNotBlank();
    assertThat(Dispatcher.of(Device.cuda(0)).deviceType()).isEqualTo(Device.Type.CUDA);
    int n = Torch.cuda().deviceCount();
    assertThatThrownBy(() -> Torch.zeros(new long[] {1}, jtorch.DType.FLOAT32, Device.cuda(n)))
        .hasMessageContaining("cuda:" + n + " does not exist");
  }
}
