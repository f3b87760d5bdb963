package jtorch.vision.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Golden values computed by PyTorch ({@code tools/vision/golden.py}, run with Debian's torch 1.13
 * at /usr/bin/python3), read from {@code golden/vision.golden} on the test class path.
 */
public final class Golden {
  /** One case: dtype name, shape and values (as doubles; uint8/int64 values are exact). */
  public record Case(String name, String dtype, long[] shape, double[] values) {
    /** The values as floats (exact for float32 cases). */
    public float[] floats() {
      float[] f = new float[values.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) values[i];
      }
      return f;
    }

    /** The values as longs. */
    public long[] longs() {
      return Arrays.stream(values).mapToLong(v -> (long) v).toArray();
    }
  }

  private static final Map<String, Case> CASES = load();

  private Golden() {}

  /** The case called {@code name}. */
  public static Case get(String name) {
    Case c = CASES.get(name);
    if (c == null) {
      throw new IllegalArgumentException(
          "no golden case " + name + "; rerun tools/vision/golden.py");
    }
    return c;
  }

  private static Map<String, Case> load() {
    Map<String, Case> m = new LinkedHashMap<>();
    try (InputStream in = Golden.class.getResourceAsStream("/golden/vision.golden")) {
      if (in == null) {
        throw new IllegalStateException("golden/vision.golden is not on the test class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] p = line.split("\\|", -1);
        long[] shape = Arrays.stream(p[2].split(",")).mapToLong(Long::parseLong).toArray();
        double[] v =
            Arrays.stream(p[3].trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
        m.put(p[0], new Case(p[0], p[1], shape, v));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }
}
