package jtorch.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The header JSON reader and writer ({@link Json}). */
class SafetensorsJsonTest {

  @Test
  void readsObjectsInOrderArraysStringsIntegersAndLiterals() throws Json.JsonException {
    Object v =
        Json.parse(
            " {\"z\": [1, -2, 0, 9223372036854775807, -9223372036854775808],\n"
                + "\t\"a\": {\"t\": true, \"f\": false, \"n\": null, \"e\": {}, \"l\": []},\r\n"
                + " \"s\": \"x\"} ");
    assertThat(v).isInstanceOf(LinkedHashMap.class);
    Map<?, ?> m = (Map<?, ?>) v;
    assertThat(List.copyOf(m.keySet())).isEqualTo(List.of("z", "a", "s"));
    assertThat(m.get("z")).isEqualTo(List.of(1L, -2L, 0L, Long.MAX_VALUE, Long.MIN_VALUE));
    Map<?, ?> a = (Map<?, ?>) m.get("a");
    assertThat(a.get("t")).isEqualTo(true);
    assertThat(a.get("f")).isEqualTo(false);
    assertThat(a.get("n")).isSameAs(Json.NULL);
    assertThat((Map<?, ?>) a.get("e")).isEmpty();
    assertThat((List<?>) a.get("l")).isEmpty();
  }

  @Test
  void decodesEveryEscape() throws Json.JsonException {
    assertThat(Json.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\""))
        .isEqualTo("\" \\ / \b \f \n \r \t");
    assertThat(Json.parse("\"caf\\u00e9 \\u00E9 \\u4e2d \\ud83d\\ude00 \\u0000\""))
        .isEqualTo("café é 中 😀 \0");
    assertThat(Json.parse("\"raw: café 中 😀\"")).isEqualTo("raw: café 中 😀");
  }

  @Test
  void rejectsWhatStrictJsonRejects() {
    assertError("", "unexpected end of text, expected a value at character 0");
    assertError("{\"a\":1,}", "expected a string key at character 7");
    assertError("[1,]", "unexpected character ']', expected a value at character 3");
    assertError("[1 2]", "expected ',' or ']' at character 3");
    assertError("{\"a\" 1}", "expected ':'");
    assertError("{a:1}", "expected a string key");
    assertError("01", "number 01 has a leading zero");
    assertError("-", "expected a digit after '-'");
    assertError("1.5", "is not an integer");
    assertError("1e3", "is not an integer");
    assertError("9223372036854775808", "integer 9223372036854775808 is out of the 64-bit range");
    assertError("tru", "unexpected character 't', expected a value");
    assertError("\"abc", "unterminated string at character 0");
    assertError("\"a\tb\"", "control character U+0009 inside a string");
    assertError("\"\\x\"", "invalid escape \\x");
    assertError("\"\\u12zz\"", "invalid \\u escape");
    assertError("\"\\u12", "incomplete \\u escape");
    assertError("\"\\u०१२३\"", "invalid \\u escape"); // non-ASCII digits are not hex digits
    assertError("\"\\ud83d\"", "lone high surrogate");
    assertError("\"\\ud83dx\"", "lone high surrogate");
    assertError("\"\\ud83d\\u0041\"", "no low surrogate");
    assertError("\"\\ude00\"", "lone low surrogate");
    assertError("{\"k\":1,\"k\":2}", "duplicate key \"k\" at character 7");
    assertError("{} x", "unexpected character 'x' after the end of the JSON value");
    assertError("[".repeat(65) + "]".repeat(65), "nesting deeper than 64 levels");
    assertError("// c\n{}", "unexpected character '/'");
  }

  @Test
  void deepButAllowedNestingParses() throws Json.JsonException {
    assertThat(Json.parse("[".repeat(64) + "]".repeat(64))).isInstanceOf(List.class);
  }

  @Test
  void writesStringsAsTheReferenceWriterDoes() {
    assertThat(Json.quote("plain/ü😀")).isEqualTo("\"plain/ü😀\"");
    assertThat(Json.quote("\" \\ \b \f \n \r \t \0 \u001f \u007f"))
        .isEqualTo("\"\\\" \\\\ \\b \\f \\n \\r \\t \\u0000 \\u001f \u007f\"");
  }

  @Test
  void writtenStringsReadBack() throws Json.JsonException {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x300; c++) {
      all.append(c);
    }
    all.append("\ud83d\ude00");
    assertThat(Json.parse(Json.quote(all.toString()))).isEqualTo(all.toString());
  }

  private static void assertError(String text, String fragment) {
    assertThatThrownBy(() -> Json.parse(text))
        .isInstanceOf(Json.JsonException.class)
        .hasMessageContaining(fragment);
  }
}
