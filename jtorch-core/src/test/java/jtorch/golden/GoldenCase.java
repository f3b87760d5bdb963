package jtorch.golden;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jtorch.DType;

/**
 * One case of a golden file written by {@code tools/golden/generate.py}: the op, its arguments, the
 * inputs, and what PyTorch computed (outputs, or an error, and input gradients). The format is
 * described in the generator's docstring; this class is its whole parser.
 *
 * @param name unique name, e.g. {@code add.f32_t_step}
 * @param op the op name the test maps to a lambda
 * @param args arguments as written (typed on access)
 * @param inputs input tensors, in order
 * @param outputs expected outputs, in order (empty when PyTorch raised)
 * @param error PyTorch's error message, or null when the op succeeded
 * @param upstream the gradient fed to backward of output 0, or null when no backward is checked
 * @param grads expected gradient per input name; a null value means PyTorch's grad was None
 */
public record GoldenCase(
    String name,
    String op,
    Map<String, String> args,
    List<Spec> inputs,
    List<Spec> outputs,
    String error,
    Spec upstream,
    Map<String, Spec> grads) {

  /**
   * A tensor as written in the file.
   *
   * @param name input or output name
   * @param dtype element type
   * @param shape sizes
   * @param layout {@code c} contiguous, {@code t} last two dims transposed in memory, {@code s}
   *     last dim stepped by 2 at storage offset 1 (inputs only)
   * @param requiresGrad whether the input is a leaf that requires grad
   * @param stride expected strides of a view output, or null
   * @param offset expected storage offset of a view output, or -1
   * @param values the values in row-major order, as written
   */
  public record Spec(
      String name,
      DType dtype,
      long[] shape,
      char layout,
      boolean requiresGrad,
      long[] stride,
      long offset,
      String[] values) {

    /** The values as doubles (floating and integer dtypes up to 2^53). */
    public double[] doubles() {
      double[] out = new double[values.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = parseDouble(values[i], dtype);
      }
      return out;
    }

    /** The values as longs (integer and bool dtypes). */
    public long[] longs() {
      return Arrays.stream(values).mapToLong(Long::parseLong).toArray();
    }
  }

  /**
   * Parses a number token exactly for its dtype: float32, float16 and bfloat16 values (written as
   * float32 shortest reprs) by Float.parseFloat, everything else by Double.parseDouble.
   */
  static double parseDouble(String s, DType dtype) {
    switch (s) {
      case "nan":
        return Double.NaN;
      case "inf":
        return Double.POSITIVE_INFINITY;
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      default:
        return dtype.isFloatingPoint() && dtype != DType.FLOAT64
            ? Float.parseFloat(s)
            : Double.parseDouble(s);
    }
  }

  // ---- typed argument access ------------------------------------------------------------------

  /** The raw text of argument {@code key}; fails when absent. */
  public String str(String key) {
    String v = args.get(key);
    if (v == null) {
      throw new IllegalArgumentException(name + ": no argument '" + key + "' in " + args.keySet());
    }
    return v;
  }

  /** An integer argument. */
  public long l(String key) {
    return Long.parseLong(str(key));
  }

  /** An integer argument that fits an int (dims, indices). */
  public int i(String key) {
    return Math.toIntExact(l(key));
  }

  /** A floating argument (integers are accepted too). */
  public double d(String key) {
    return parseDouble(str(key), DType.FLOAT64);
  }

  /** True when the argument was written as a Python int (so the Java long overload applies). */
  public boolean isLong(String key) {
    return str(key).matches("-?\\d+");
  }

  /** A boolean argument. */
  public boolean bool(String key) {
    return Boolean.parseBoolean(str(key));
  }

  /** A dtype argument, e.g. {@code float32}. */
  public DType dtype(String key) {
    return DType.valueOf(str(key).toUpperCase(java.util.Locale.ROOT));
  }

  /** An integer list argument, e.g. {@code [2,3]}. */
  public long[] longs(String key) {
    return parseShape(str(key));
  }

  /** An integer list argument as ints (dims). */
  public int[] ints(String key) {
    return Arrays.stream(longs(key)).mapToInt(Math::toIntExact).toArray();
  }

  // ---- parsing ----------------------------------------------------------------------------------

  /** Reads all cases of {@code resource} (a class-path name such as {@code golden/ops.golden}). */
  public static List<GoldenCase> load(String resource) {
    InputStream in = GoldenCase.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(
          resource + " is missing; regenerate it with /usr/bin/python3 tools/golden/generate.py");
    }
    try (var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return parse(reader.lines().toList(), resource);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<GoldenCase> parse(List<String> lines, String source) {
    List<GoldenCase> cases = new ArrayList<>();
    Builder b = null;
    int lineNo = 0;
    for (String line : lines) {
      lineNo++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] kv = line.split(" ", 2);
      String rest = kv.length > 1 ? kv[1] : "";
      try {
        if (kv[0].equals("case")) {
          b = new Builder(rest);
          continue;
        }
        if (b == null) {
          throw new IllegalArgumentException("'" + kv[0] + "' outside a case");
        }
        switch (kv[0]) {
          case "op" -> b.op = rest;
          case "arg" -> {
            String[] a = rest.split(" ", 2);
            b.args.put(a[0], a.length > 1 ? a[1] : "");
          }
          case "in" -> b.inputs.add(spec(rest, true));
          case "out" -> b.outputs.add(spec(rest, false));
          case "error" -> b.error = rest;
          case "upstream" -> b.upstream = spec("upstream " + rest, false);
          case "grad" -> {
            String[] g = rest.split(" ", 2);
            b.grads.put(g[0], g[1].equals("none") ? null : spec(rest, false));
          }
          case "end" -> {
            cases.add(b.build());
            b = null;
          }
          default -> throw new IllegalArgumentException("unknown line kind '" + kv[0] + "'");
        }
      } catch (RuntimeException e) {
        throw new IllegalStateException(source + ":" + lineNo + ": " + e.getMessage(), e);
      }
    }
    if (b != null) {
      throw new IllegalStateException(source + ": case " + b.name + " has no 'end'");
    }
    return cases;
  }

  /** {@code name dtype shape [layout grad] [stride S offset O] : values}. */
  private static Spec spec(String text, boolean input) {
    int colon = text.indexOf(" :");
    if (colon < 0) {
      throw new IllegalArgumentException("tensor line without ' : ': " + text);
    }
    String[] head = text.substring(0, colon).trim().split(" ");
    String tail = text.substring(colon + 2).trim();
    String[] values = tail.isEmpty() ? new String[0] : tail.split(" ");
    DType dtype = DType.valueOf(head[1].toUpperCase(java.util.Locale.ROOT));
    long[] shape = parseShape(head[2]);
    char layout = 'c';
    boolean grad = false;
    long[] stride = null;
    long offset = -1;
    if (input) {
      layout = head[3].charAt(0);
      grad = head[4].equals("grad");
    } else if (head.length > 3 && head[3].equals("stride")) {
      stride = parseShape(head[4]);
      offset = Long.parseLong(head[6]);
    }
    long numel = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
    if (values.length != numel) {
      throw new IllegalArgumentException(
          head[0] + ": " + values.length + " values for shape " + Arrays.toString(shape));
    }
    return new Spec(head[0], dtype, shape, layout, grad, stride, offset, values);
  }

  static long[] parseShape(String s) {
    String inner = s.trim();
    if (!inner.startsWith("[") || !inner.endsWith("]")) {
      throw new IllegalArgumentException("expected a list like [2,3], got " + s);
    }
    inner = inner.substring(1, inner.length() - 1).trim();
    if (inner.isEmpty()) {
      return new long[0];
    }
    return Arrays.stream(inner.split(",")).mapToLong(x -> Long.parseLong(x.trim())).toArray();
  }

  private static final class Builder {
    final String name;
    String op;
    final Map<String, String> args = new LinkedHashMap<>();
    final List<Spec> inputs = new ArrayList<>();
    final List<Spec> outputs = new ArrayList<>();
    String error;
    Spec upstream;
    final Map<String, Spec> grads = new LinkedHashMap<>();

    Builder(String name) {
      this.name = name;
    }

    GoldenCase build() {
      if (op == null) {
        throw new IllegalArgumentException("case " + name + " has no op");
      }
      return new GoldenCase(name, op, args, inputs, outputs, error, upstream, grads);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
