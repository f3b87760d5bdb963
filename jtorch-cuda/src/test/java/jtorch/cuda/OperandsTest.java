package jtorch.cuda;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jtorch.DType;
import org.junit.jupiter.api.Test;

/** The dtype check the CUDA kernels run before a launch (needs no GPU). */
class OperandsTest {
  @Test
  void unsupportedDTypeNamesOpDTypeAndFix() {
    assertThatThrownBy(
            () -> Operands.requireDType(false, "max_pool2d", DType.INT32, "float32, float64"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage(
            "max_pool2d is not implemented on cuda for dtype torch.int32 (supported: float32,"
                + " float64); convert with .to(DType.FLOAT32) or run it on the CPU");
  }

  @Test
  void supportedDTypePasses() {
    assertThatCode(() -> Operands.requireDType(true, "matmul", DType.FLOAT32, "float32"))
        .doesNotThrowAnyException();
  }
}
