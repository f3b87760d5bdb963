package jtorch.cuda;

import java.util.stream.Stream;
import jtorch.Device;
import jtorch.golden.Golden;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The core's golden cases (values and gradients from PyTorch, {@code ops.golden} and {@code
 * nn.golden}) with their inputs on the GPU. Skipped with CUDA's reason where no GPU is usable;
 * {@code -Djtorch.test.conformanceDevice=cpu} runs them here on the CPU through the same path.
 */
class GoldenOnCudaTest {
  private static final Device DEVICE =
      Device.of(System.getProperty("jtorch.test.conformanceDevice", "cuda:0"));

  @BeforeAll
  static void requireGpu() {
    if (DEVICE.isCpu()) {
      return;
    }
    String reason = CudaTests.noGpuReason();
    Assumptions.assumeTrue(reason == null, () -> "no usable GPU: " + reason);
  }

  @TestFactory
  Stream<DynamicTest> tensorOps() {
    return Golden.tests("ops.golden", Golden.tensorOps(), 1, DEVICE);
  }

  @TestFactory
  Stream<DynamicTest> functional() {
    return Golden.tests("nn.golden", Golden.nnOps(), 1, DEVICE);
  }
}
