package jtorch.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code rand}, {@code randn}, {@code randint} and {@code randperm} after {@code manualSeed} draw
 * what PyTorch draws (its mt19937 stream, Box-Muller paths for fewer and at least 16 values, the
 * cached second normal sample), from {@code random.golden}. Each case seeds, then makes its calls
 * in order.
 */
class RandomGoldenTest {

  /** Runs {@code call0, call1, ...}: e.g. {@code randn [4,5] float64}, {@code randint 0 10 [3]}. */
  private static Object draw(Tensor[] x, GoldenCase c) {
    Torch.manualSeed(c.l("seed"));
    List<Tensor> outs = new ArrayList<>();
    for (int k = 0; c.args().containsKey("call" + k); k++) {
      String[] t = c.str("call" + k).split(" ");
      outs.add(
          switch (t[0]) {
            case "rand" -> Torch.rand(GoldenCase.parseShape(t[1]), dtype(t[2]));
            case "randn" -> Torch.randn(GoldenCase.parseShape(t[1]), dtype(t[2]));
            case "randint" ->
                Torch.randint(
                    Long.parseLong(t[1]), Long.parseLong(t[2]), GoldenCase.parseShape(t[3]));
            case "randperm" -> Torch.randperm(Long.parseLong(t[1]));
            default -> throw new IllegalArgumentException("unknown random call " + t[0]);
          });
    }
    return outs.toArray(new Tensor[0]);
  }

  private static DType dtype(String name) {
    return DType.valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }

  @TestFactory
  Stream<DynamicTest> random() {
    return Golden.tests("random.golden", Map.of("random", RandomGoldenTest::draw));
  }

  /** Uniform draws involve no rounding at all, so they must equal PyTorch's bit for bit. */
  @TestFactory
  Stream<DynamicTest> uniformDrawsAreBitExact() {
    return GoldenCase.load("golden/random.golden").stream()
        .filter(c -> c.args().values().stream().noneMatch(v -> v.startsWith("randn")))
        .map(c ->
            DynamicTest.dynamicTest(
                c.name(),
                () -> {
                  Tensor[] outs = (Tensor[]) draw(new Tensor[0], c);
                  for (int k = 0; k < outs.length; k++) {
                    GoldenCase.Spec want = c.outputs().get(k);
                    if (want.dtype().isFloatingPoint()) {
                      assertArrayEquals(want.doubles(), outs[k].toDoubleArray(), 0.0, c.name());
                    } else {
                      assertArrayEquals(want.longs(), outs[k].toLongArray(), c.name());
                    }
                  }
                }));
  }
}
