package jtorch.keras.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;

/**
 * The reference values of {@code tools/keras/reference.py} ({@code keras/reference.golden} on the
 * test class path): one {@link Case} per block, with its attributes and tensors.
 */
public final class Golden {
  private static Map<String, Case> cases;

  private Golden() {}

  /** One case: attributes ({@code attr k v}) and named tensors. */
  public record Case(String name, Map<String, String> attrs, Map<String, Tensor> tensors) {

    /** Tensor {@code key}; fails naming the case if absent. */
    public Tensor t(String key) {
      Tensor t = tensors.get(key);
      assertThat(t).as("tensor %s of case %s", key, name).isNotNull();
      return t;
    }

    /** Attribute {@code key}, or {@code fallback}. */
    public String attr(String key, String fallback) {
      return attrs.getOrDefault(key, fallback);
    }

    /** An attribute holding "a,b" as ints. */
    public int[] pair(String key) {
      return Arrays.stream(attrs.get(key).split(",")).mapToInt(Integer::parseInt).toArray();
    }
  }

  /** Case {@code name}. */
  public static synchronized Case get(String name) {
    if (cases == null) {
      cases = load();
    }
    Case c = cases.get(name);
    assertThat(c).as("golden case %s (regenerate with tools/keras/reference.py)", name).isNotNull();
    return c;
  }

  /** All case names starting with {@code prefix}. */
  public static synchronized java.util.List<String> names(String prefix) {
    if (cases == null) {
      cases = load();
    }
    return cases.keySet().stream().filter(n -> n.startsWith(prefix)).toList();
  }

  private static Map<String, Case> load() {
    String text;
    try (InputStream in = Golden.class.getResourceAsStream("/keras/reference.golden")) {
      assertThat(in).as("keras/reference.golden on the test class path").isNotNull();
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Case> out = new LinkedHashMap<>();
    String name = null;
    Map<String, String> attrs = null;
    Map<String, Tensor> tensors = null;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("case ")) {
        name = line.substring(5).trim();
        attrs = new LinkedHashMap<>();
        tensors = new LinkedHashMap<>();
      } else if (line.equals("end")) {
        out.put(name, new Case(name, attrs, tensors));
      } else if (line.startsWith("attr ")) {
        String[] p = line.split(" ", 3);
        attrs.put(p[1], p[2]);
      } else {
        int colon = line.indexOf(" : ");
        String[] head = line.substring(0, colon).split(" ");
        String body = colon + 3 <= line.length() ? line.substring(colon + 3).trim() : "";
        tensors.put(head[0], parse(head[1], head[2], body));
      }
    }
    return out;
  }

  private static Tensor parse(String dtype, String shapeText, String body) {
    String inner = shapeText.substring(1, shapeText.length() - 1);
    long[] shape =
        inner.isEmpty()
            ? new long[0]
            : Arrays.stream(inner.split(",")).mapToLong(Long::parseLong).toArray();
    String[] parts = body.isEmpty() ? new String[0] : body.split(" ");
    if (dtype.equals("int64")) {
      long[] v = Arrays.stream(parts).mapToLong(Long::parseLong).toArray();
      return Torch.tensor(v).reshape(shape);
    }
    float[] v = new float[parts.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = Float.parseFloat(parts[i]);
    }
    return Torch.tensor(v).to(DType.FLOAT32).reshape(shape);
  }
}
