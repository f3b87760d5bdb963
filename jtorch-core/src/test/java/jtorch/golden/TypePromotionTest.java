package jtorch.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import jtorch.DType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * PyTorch's type promotion over all pairs of the ten dtypes ({@code torch.promote_types}, and
 * {@code torch.result_type} of {@code add} for dimensioned tensors, 0-d tensors and Java scalars),
 * float16/bfloat16 results that must be bit-exact, integer division to float and integer overflow
 * wrap-around, from {@code promotion.golden}.
 */
class TypePromotionTest {
  private static final Map<String, Golden.Op> OPS = new LinkedHashMap<>();

  static {
    for (String op :
        new String[] {
          "add",
          "sub",
          "mul",
          "div",
          "pow",
          "maximum",
          "sum",
          "add_scalar",
          "sub_scalar",
          "mul_scalar",
          "div_scalar"
        }) {
      OPS.put(op, GoldenOps.ALL.get(op));
    }
    OPS.put(
        "promoteTypes",
        (x, c) -> {
          assertEquals(
              c.dtype("expect"),
              DType.promoteTypes(c.dtype("a"), c.dtype("b")),
              "promoteTypes(" + c.str("a") + ", " + c.str("b") + ")");
          return null;
        });
  }

  @TestFactory
  Stream<DynamicTest> promotion() {
    return Golden.tests("promotion.golden", OPS, 0); // 16-bit float results bit-exact
  }
}
