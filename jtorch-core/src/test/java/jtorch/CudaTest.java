package jtorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code Torch.cuda()} in the core alone, where no CUDA backend is on the class path. */
class CudaTest {
  @Test
  void withoutJtorchCudaNothingIsAvailableAndTheReasonSaysWhatToAdd() {
    assertThat(Torch.cuda().isAvailable()).isFalse();
    assertThat(Torch.cuda().deviceCount()).isZero();
    assertThat(Torch.cuda().unavailableReason())
        .contains("cuda:0 is not available")
        .contains("dev.jtorch:jtorch-cuda");
    Torch.cuda().emptyCache(); // a no-op, as torch.cuda.empty_cache() without CUDA
    assertThatThrownBy(() -> Torch.cuda().synchronize())
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage(Torch.cuda().unavailableReason());
    assertThatThrownBy(() -> Torch.cuda().memoryAllocated())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
