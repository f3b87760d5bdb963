package jtorch.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The small, strict JSON reader and writer that safetensors headers need; the core library has no
 * dependencies. It reads objects (as {@link LinkedHashMap}, keeping key order and rejecting
 * duplicate keys), arrays ({@link List}), strings with every JSON escape including {@code \\uXXXX}
 * surrogate pairs, integers ({@link Long}), {@code true}, {@code false} and {@code null} ({@link
 * #NULL}). Fractions and exponents are rejected (a header holds only integers), as are trailing
 * commas, comments, unescaped control characters, lone surrogates and nesting deeper than {@value
 * #MAX_DEPTH}. It is pure data: parsing builds maps, lists and strings and nothing else.
 */
final class Json {
  /** Deepest nesting accepted; a safetensors header needs 3. */
  static final int MAX_DEPTH = 64;

  /** The JSON {@code null}. */
  static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  /** A syntax error, with the character position in the parsed text where it was found. */
  static final class JsonException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int position;

    JsonException(String message, int position) {
      super(message + " at character " + position);
      this.position = position;
    }

    /** Index of the offending character in the parsed text. */
    int position() {
      return position;
    }
  }

  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  /**
   * Parses one JSON value that fills {@code text} (whitespace around it is allowed).
   *
   * @throws JsonException on any syntax error, duplicate key or unsupported number
   */
  static Object parse(String text) throws JsonException {
    Json p = new Json(text);
    p.skipWhitespace();
    Object v = p.value(0);
    p.skipWhitespace();
    if (p.pos != text.length()) {
      throw p.error("unexpected " + p.describe() + " after the end of the JSON value");
    }
    return v;
  }

  // ---- reading ---------------------------------------------------------------------------------

  private Object value(int depth) throws JsonException {
    if (pos >= text.length()) {
      throw error("unexpected end of text, expected a value");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", NULL);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected " + describe() + ", expected a value");
      }
    };
  }

  private LinkedHashMap<String, Object> object(int depth) throws JsonException {
    checkDepth(depth);
    pos++; // '{'
    LinkedHashMap<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("unexpected " + describe() + ", expected a string key");
      }
      int keyPos = pos;
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object v = value(depth);
      if (map.containsKey(key)) {
        throw new JsonException("duplicate key " + quote(key), keyPos);
      }
      map.put(key, v);
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        pos--;
        throw error("unexpected " + describe() + ", expected ',' or '}'");
      }
    }
  }

  private List<Object> array(int depth) throws JsonException {
    checkDepth(depth);
    pos++; // '['
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      skipWhitespace();
      list.add(value(depth));
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        pos--;
        throw error("unexpected " + describe() + ", expected ',' or ']'");
      }
    }
  }

  private String string() throws JsonException {
    int start = pos;
    pos++; // opening quote
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw new JsonException("unterminated string", start);
      }
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return sb.toString();
      }
      if (c == '\\') {
        escape(sb);
      } else if (c < 0x20) {
        throw error(
            "control character U+" + hex4(c) + " inside a string; it must be written as an escape");
      } else {
        sb.append(c);
        pos++;
      }
    }
  }

  private void escape(StringBuilder sb) throws JsonException {
    int start = pos;
    pos++; // backslash
    if (pos >= text.length()) {
      throw new JsonException("unterminated string", start);
    }
    char e = text.charAt(pos++);
    switch (e) {
      case '"' -> sb.append('"');
      case '\\' -> sb.append('\\');
      case '/' -> sb.append('/');
      case 'b' -> sb.append('\b');
      case 'f' -> sb.append('\f');
      case 'n' -> sb.append('\n');
      case 'r' -> sb.append('\r');
      case 't' -> sb.append('\t');
      case 'u' -> {
        char u = hexEscape(start);
        if (Character.isHighSurrogate(u)) {
          int lowStart = pos;
          if (!text.startsWith("\\u", pos)) {
            throw new JsonException(
                "escape \\u"
                    + hex4(u)
                    + " is a lone high surrogate (a \\uDC00-\\uDFFF escape must"
                    + " follow)",
                start);
          }
          pos += 2;
          char low = hexEscape(lowStart);
          if (!Character.isLowSurrogate(low)) {
            throw new JsonException(
                "escape \\u"
                    + hex4(u)
                    + " is a high surrogate but \\u"
                    + hex4(low)
                    + " after it is no low surrogate",
                start);
          }
          sb.append(u).append(low);
        } else if (Character.isLowSurrogate(u)) {
          throw new JsonException("escape \\u" + hex4(u) + " is a lone low surrogate", start);
        } else {
          sb.append(u);
        }
      }
      default -> {
        pos--;
        throw error("invalid escape \\" + e + " in a string");
      }
    }
  }

  /** Reads the 4 hex digits after {@code \\u} (pos is just past the {@code u}). */
  private char hexEscape(int escapeStart) throws JsonException {
    if (pos + 4 > text.length()) {
      throw new JsonException("incomplete \\u escape", escapeStart);
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = hexDigit(text.charAt(pos + i));
      if (d < 0) {
        throw new JsonException(
            "invalid \\u escape \"\\u" + text.substring(pos, pos + 4) + "\"", escapeStart);
      }
      v = v * 16 + d;
    }
    pos += 4;
    return (char) v;
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private Long number() throws JsonException {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    int digits = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    if (pos == digits) {
      throw error("expected a digit after '-'");
    }
    if (text.charAt(digits) == '0' && pos - digits > 1) {
      throw new JsonException(
          "number " + text.substring(start, pos) + " has a leading zero", start);
    }
    char next = peek();
    if (next == '.' || next == 'e' || next == 'E') {
      throw new JsonException(
          "number "
              + text.substring(start, Math.min(text.length(), pos + 1))
              + "... is not an integer; a safetensors header holds only integers",
          start);
    }
    String s = text.substring(start, pos);
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException ex) {
      throw new JsonException("integer " + s + " is out of the 64-bit range", start);
    }
  }

  private Object literal(String word, Object v) throws JsonException {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected " + describe() + ", expected a value");
    }
    pos += word.length();
    return v;
  }

  private void checkDepth(int depth) throws JsonException {
    if (depth > MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH + " levels");
    }
  }

  private void expect(char c) throws JsonException {
    if (peek() != c) {
      throw error("unexpected " + describe() + ", expected '" + c + "'");
    }
    pos++;
  }

  /** The current character, or U+0000 past the end (never valid where a token is expected). */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private String describe() {
    if (pos >= text.length()) {
      return "end of text";
    }
    char c = text.charAt(pos);
    return c < 0x20 || c > 0x7e ? "character U+" + hex4(c) : "character '" + c + "'";
  }

  private JsonException error(String message) {
    return new JsonException(message, pos);
  }

  private static String hex4(int c) {
    return String.format("%04X", c);
  }

  // ---- writing ---------------------------------------------------------------------------------

  /**
   * Appends {@code s} as a JSON string the way the reference safetensors writer (Rust's serde_json)
   * does: quotes, backslashes and control characters escaped ({@code \b \f \n \r \t} by name,
   * others as lower-case {@code \\u00xx}), everything else, non-ASCII included, as is.
   */
  static StringBuilder writeString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00")
                .append(Character.forDigit(c >> 4, 16))
                .append(Character.forDigit(c & 0xF, 16));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  /** {@code s} as a JSON string, for error messages. */
  static String quote(String s) {
    return writeString(new StringBuilder(), s).toString();
  }
}
