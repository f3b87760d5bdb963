package jtorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * {@code pinMemory()} and {@code to(device, nonBlocking)} in the core alone: pinning needs CUDA and
 * says so; the pinned paths themselves are tested against jtorch-cuda's fake driver.
 */
class PinMemoryTest {
  @Test
  void withoutCudaPinMemoryFailsWithCudasReason() {
    Tensor x = Torch.ones(2, 3);
    assertThat(x.isPinned()).isFalse();
    assertThat(x.untypedStorage().isPinned()).isFalse();
    assertThatThrownBy(x::pinMemory)
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageStartingWith(
            "pinMemory: pinned (page-locked) memory comes from the CUDA driver.")
        .hasMessageContaining(Torch.cuda().unavailableReason());
  }

  @Test
  void nonBlockingWithinTheCpuIsTheTensorItself() {
    Tensor x = Torch.ones(2, 3);
    assertThat(x.to(Device.CPU, true)).isSameAs(x);
    assertThat(x.to("cpu", true)).isSameAs(x);
  }

  @Test
  void wrapPinnedRefusesHeapMemory() {
    assertThatThrownBy(
            () -> UntypedStorage.wrapPinned(java.lang.foreign.MemorySegment.ofArray(new float[2])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wrapPinned: pinned memory is native, got a heap segment of 8 bytes");
  }
}
