package jtorch.golden;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every function of {@link jtorch.nn.functional.F} against PyTorch's {@code torch.nn.functional}:
 * values and gradients from {@code nn.golden} (linear, conv2d with stride, padding, "same",
 * dilation and groups, pooling with ties, -inf and NaN, the losses with every reduction, class
 * weights and ignored targets, batch norm with its running statistics), float32 and float64. The
 * ops are in {@link GoldenNnOps}.
 */
class GoldenNnTest {
  @TestFactory
  Stream<DynamicTest> functional() {
    return Golden.tests("nn.golden", GoldenNnOps.ALL);
  }
}
