package jtorch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the result files of the non-JMH benchmarks: maps, lists, strings, booleans and numbers as
 * JSON (doubles with 6 significant digits; NaN and infinities as {@code null}).
 */
final class Json {
  private Json() {}

  /** Writes {@code value} to {@code file}, creating its folder. */
  static void write(Path file, Object value) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    StringBuilder sb = new StringBuilder();
    append(sb, value, "");
    Files.writeString(file, sb.append('\n').toString(), StandardCharsets.UTF_8);
  }

  private static void append(StringBuilder sb, Object v, String indent) {
    String in = indent + "  ";
    switch (v) {
      case null -> sb.append("null");
      case Map<?, ?> m -> {
        sb.append("{");
        int i = 0;
        for (var e : m.entrySet()) {
          sb.append(i++ == 0 ? "\n" : ",\n").append(in);
          quote(sb, String.valueOf(e.getKey()));
          sb.append(": ");
          append(sb, e.getValue(), in);
        }
        sb.append(m.isEmpty() ? "}" : "\n" + indent + "}");
      }
      case List<?> l -> {
        sb.append("[");
        int i = 0;
        for (Object o : l) {
          sb.append(i++ == 0 ? "\n" : ",\n").append(in);
          append(sb, o, in);
        }
        sb.append(l.isEmpty() ? "]" : "\n" + indent + "]");
      }
      case Double d -> number(sb, d);
      case Float f -> number(sb, f);
      case Number n -> sb.append(n);
      case Boolean b -> sb.append(b);
      default -> quote(sb, v.toString());
    }
  }

  private static void number(StringBuilder sb, double d) {
    if (Double.isFinite(d)) {
      sb.append(String.format(Locale.ROOT, "%.6g", d));
    } else {
      sb.append("null");
    }
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
