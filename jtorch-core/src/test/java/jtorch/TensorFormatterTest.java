package jtorch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares {@link Tensor#toString()} with PyTorch's {@code repr} for the cases in {@code
 * golden/print.txt}, written by {@code tools/golden/print_golden.py} (see there for the format).
 */
class TensorFormatterTest {

  /** One golden case: how to rebuild the tensor and what PyTorch printed. */
  record Case(String name, DType dtype, long[] shape, String grad, String[] values, String repr) {
    @Override
    public String toString() {
      return name;
    }

    Tensor build() {
      Tensor t = dtype.isFloatingPoint() ? floats() : integers();
      t = t.reshape(shape).to(dtype);
      return switch (grad) {
        case "none" -> t;
        case "leaf" -> t.requiresGrad_(true);
        case "add1" -> t.requiresGrad_(true).add(1.0);
        case "mul2" -> t.requiresGrad_(true).mul(2.0);
        case "sum" -> t.requiresGrad_(true).sum();
        case "exp" -> t.requiresGrad_(true).exp();
        default -> throw new IllegalArgumentException(name + ": unknown grad step " + grad);
      };
    }

    private Tensor floats() {
      double[] v = new double[values.length];
      for (int i = 0; i < v.length; i++) {
        v[i] =
            switch (values[i]) {
              case "nan" -> Double.NaN;
              case "inf" -> Double.POSITIVE_INFINITY;
              case "-inf" -> Double.NEGATIVE_INFINITY;
              default -> Double.parseDouble(values[i]);
            };
      }
      return Torch.tensor(v);
    }

    private Tensor integers() {
      return Torch.tensor(Arrays.stream(values).mapToLong(Long::parseLong).toArray());
    }
  }

  /**
   * The cases of {@code golden/print.txt}, or of the file named by the system property {@code
   * jtorch.printGolden} (for one-off differential runs with generated cases).
   */
  static Stream<Case> golden() throws IOException {
    String override = System.getProperty("jtorch.printGolden");
    InputStream in =
        override != null
            ? Files.newInputStream(Path.of(override))
            : TensorFormatterTest.class.getResourceAsStream("/golden/print.txt");
    assertThat(in).as("golden/print.txt on the test class path").isNotNull();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<Case> cases = new ArrayList<>();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("case ")) {
          cases.add(readCase(line.substring(5), r));
        }
      }
      return cases.stream();
    }
  }

  private static Case readCase(String name, BufferedReader r) throws IOException {
    DType dtype = DType.valueOf(field(r, "dtype").toUpperCase(Locale.ROOT));
    long[] shape = Arrays.stream(words(field(r, "shape"))).mapToLong(Long::parseLong).toArray();
    String grad = field(r, "grad");
    String[] values = words(field(r, "values"));
    int lines = Integer.parseInt(field(r, "repr"));
    List<String> repr = new ArrayList<>();
    for (int i = 0; i < lines; i++) {
      repr.add(r.readLine());
    }
    assertThat(r.readLine()).as(name + ": end of case").isEqualTo("end");
    return new Case(name, dtype, shape, grad, values, String.join("\n", repr));
  }

  /** The rest of the next line, which must start with {@code key}. */
  private static String field(BufferedReader r, String key) throws IOException {
    String line = r.readLine();
    assertThat(line).as("golden line for " + key).isNotNull().startsWith(key);
    return line.substring(key.length()).trim();
  }

  private static String[] words(String s) {
    return s.isEmpty() ? new String[0] : s.split(" ");
  }

  @Test
  void goldenFileHasAllCases() throws IOException {
    assertThat(golden().count()).isGreaterThanOrEqualTo(90);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void printsAsPyTorch(Case c) {
    assertThat(c.build().toString()).isEqualTo(c.repr());
  }

  @Test
  void printsViewsAndTransposesInLogicalOrder() {
    Tensor t = Torch.tensor(new float[][] {{1, 2, 3}, {4, 5, 6}}).t();
    assertThat(t.toString()).isEqualTo("tensor([[1., 4.],\n        [2., 5.],\n        [3., 6.]])");
  }

  @Test
  void printingLeavesNoGraph() {
    Tensor x = Torch.tensor(new double[2000]).requiresGrad_(true);
    assertThat(x.toString()).endsWith("requires_grad=True)");
    assertThat(x.isLeaf()).isTrue();
  }

  @Test
  void formatsNumbersAsPython() {
    assertThat(ElementFormatter.fixed(0.125, 2)).isEqualTo("0.12");
    assertThat(ElementFormatter.fixed(-0.0, 4)).isEqualTo("-0.0000");
    assertThat(ElementFormatter.fixed(2.5, 0)).isEqualTo("2");
    assertThat(ElementFormatter.scientific(9.99995e-7, 4)).isEqualTo("1.0000e-06");
    assertThat(ElementFormatter.scientific(0.0, 4)).isEqualTo("0.0000e+00");
    assertThat(ElementFormatter.scientific(-1e100, 4)).isEqualTo("-1.0000e+100");
    assertThat(ElementFormatter.scientific(Double.NEGATIVE_INFINITY, 4)).isEqualTo("-inf");
  }
}
