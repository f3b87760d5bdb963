package jtorch.golden;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every op of the Tensor API against PyTorch: values and gradients from {@code ops.golden}, on
 * contiguous, transposed, stepped, broadcast and mixed-dtype inputs. The ops are in {@link
 * GoldenOps}, one line each.
 */
class GoldenOpsTest {
  @TestFactory
  Stream<DynamicTest> ops() {
    return Golden.tests("ops.golden", GoldenOps.ALL);
  }
}
