package jtorch.io;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import jtorch.DType;

/**
 * The JSON header of a safetensors file: reading with full validation, and writing in the form the
 * reference implementation writes (compact JSON, {@code __metadata__} first, padded with spaces to
 * a multiple of 8 bytes).
 */
final class SafetensorsHeader {
  /** Largest header accepted, as the reference implementation's limit. */
  static final long MAX_HEADER_BYTES = 100_000_000L;

  static final String METADATA_KEY = "__metadata__";

  /** Dtypes of the safetensors format that have no jtorch counterpart. */
  private static final Set<String> UNSUPPORTED_CODES =
      Set.of(
          "U16", "U32", "U64", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");

  /**
   * One tensor of the header.
   *
   * @param name the key in the header
   * @param dtype element type
   * @param shape sizes, all non-negative
   * @param begin first byte in the data buffer
   * @param end one past the last byte in the data buffer
   */
  record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    long nbytes() {
      return end - begin;
    }
  }

  /** The {@code __metadata__} entries in file order; empty when there are none. */
  final LinkedHashMap<String, String> metadata;

  /** The tensors in header order. */
  final List<Entry> entries;

  private SafetensorsHeader(LinkedHashMap<String, String> metadata, List<Entry> entries) {
    this.metadata = metadata;
    this.entries = entries;
  }

  // ---- dtypes ---------------------------------------------------------------------------------

  /** The safetensors name of a dtype, e.g. {@code F32}. */
  static String code(DType t) {
    return switch (t) {
      case FLOAT32 -> "F32";
      case FLOAT64 -> "F64";
      case FLOAT16 -> "F16";
      case BFLOAT16 -> "BF16";
      case INT8 -> "I8";
      case UINT8 -> "U8";
      case INT16 -> "I16";
      case INT32 -> "I32";
      case INT64 -> "I64";
      case BOOL -> "BOOL";
    };
  }

  /** The dtype with safetensors name {@code code}, or null. */
  static DType dtype(String code) {
    for (DType t : DType.values()) {
      if (code(t).equals(code)) {
        return t;
      }
    }
    return null;
  }

  // ---- reading --------------------------------------------------------------------------------

  /**
   * Parses and validates a header: its JSON, every tensor entry, and that the entries tile the data
   * buffer of {@code bufferSize} bytes exactly (no overlap, no gap, nothing past the end, no
   * trailing bytes), as the reference implementation demands.
   */
  static SafetensorsHeader parse(Path file, byte[] header, long bufferSize)
      throws SafetensorsException {
    String text = decodeUtf8(file, header);
    if (text.isEmpty() || text.charAt(0) != '{') {
      throw new SafetensorsException(
          file,
          "the header must be a JSON object starting with '{' but starts with "
              + (text.isEmpty() ? "nothing" : Json.quote(text.substring(0, 1))));
    }
    Object root;
    try {
      root = Json.parse(text);
    } catch (Json.JsonException e) {
      throw new SafetensorsException(file, "the header is not valid JSON: " + e.getMessage());
    }
    LinkedHashMap<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, Object> e : asObject(root).entrySet()) {
      if (e.getKey().equals(METADATA_KEY)) {
        metadata = metadata(file, e.getValue());
      } else {
        entries.add(entry(file, e.getKey(), e.getValue(), bufferSize));
      }
    }
    checkCoverage(file, entries, bufferSize);
    return new SafetensorsHeader(metadata, entries);
  }

  private static String decodeUtf8(Path file, byte[] header) throws SafetensorsException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(header);
    CharBuffer out = CharBuffer.allocate(header.length);
    CoderResult r = decoder.decode(in, out, true);
    if (!r.isError()) {
      r = decoder.flush(out);
    }
    if (r.isError()) {
      throw new SafetensorsException(
          file,
          "the header is not valid UTF-8 (bad byte sequence at header byte " + in.position() + ")");
    }
    return out.flip().toString();
  }

  @SuppressWarnings("unchecked")
  private static LinkedHashMap<String, Object> asObject(Object v) {
    return (LinkedHashMap<String, Object>) v;
  }

  private static LinkedHashMap<String, String> metadata(Path file, Object v)
      throws SafetensorsException {
    if (!(v instanceof LinkedHashMap<?, ?>)) {
      throw new SafetensorsException(
          file, METADATA_KEY + " must be an object of strings, got " + render(v));
    }
    LinkedHashMap<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : asObject(v).entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw new SafetensorsException(
            file,
            METADATA_KEY
                + " value of "
                + Json.quote(e.getKey())
                + " must be a string, got "
                + render(e.getValue()));
      }
      out.put(e.getKey(), s);
    }
    return out;
  }

  private static Entry entry(Path file, String name, Object v, long bufferSize)
      throws SafetensorsException {
    String where = "tensor '" + name + "': ";
    if (!(v instanceof LinkedHashMap<?, ?>)) {
      throw new SafetensorsException(
          file, where + "expected an object with dtype, shape and data_offsets, got " + render(v));
    }
    LinkedHashMap<String, Object> info = asObject(v);
    // Other keys are ignored, as the reference implementation ignores them.
    Object code = require(file, where, info, "dtype");
    if (!(code instanceof String c)) {
      throw new SafetensorsException(file, where + "dtype must be a string, got " + render(code));
    }
    DType dtype = dtype(c);
    if (dtype == null) {
      throw new SafetensorsException(
          file,
          where
              + (UNSUPPORTED_CODES.contains(c)
                  ? "dtype " + c + " is not supported by jtorch"
                  : "unknown dtype " + Json.quote(c))
              + " (supported: F32, F64, F16, BF16, I8, U8, I16, I32, I64, BOOL)");
    }
    long[] shape = integers(file, where, "shape", require(file, where, info, "shape"), -1);
    for (long s : shape) {
      if (s < 0) {
        throw new SafetensorsException(
            file, where + "shape " + Arrays.toString(shape) + " has a negative dimension");
      }
    }
    Object rawOffsets = require(file, where, info, "data_offsets");
    long[] offsets = integers(file, where, "data_offsets", rawOffsets, 2);
    long begin = offsets[0];
    long end = offsets[1];
    if (begin < 0 || end < begin) {
      throw new SafetensorsException(
          file,
          where
              + "data_offsets "
              + Arrays.toString(offsets)
              + " must be [begin, end] with 0 <= begin <= end");
    }
    long needed;
    try {
      long numel = 1;
      for (long s : shape) {
        numel = Math.multiplyExact(numel, s);
      }
      needed = Math.multiplyExact(numel, dtype.itemSize());
    } catch (ArithmeticException e) {
      throw new SafetensorsException(
          file, where + "shape " + Arrays.toString(shape) + " has more bytes than a file can hold");
    }
    if (end - begin != needed) {
      throw new SafetensorsException(
          file,
          where
              + "data_offsets "
              + Arrays.toString(offsets)
              + " hold "
              + (end - begin)
              + " bytes but "
              + c
              + " "
              + Arrays.toString(shape)
              + " needs "
              + needed);
    }
    if (end > bufferSize) {
      throw new SafetensorsException(
          file,
          where
              + "data_offsets "
              + Arrays.toString(offsets)
              + " reach past the end of the data buffer, which has "
              + bufferSize
              + " bytes: the file is truncated or the header is wrong");
    }
    return new Entry(name, dtype, shape, begin, end);
  }

  private static Object require(Path file, String where, Map<String, Object> info, String key)
      throws SafetensorsException {
    Object v = info.get(key);
    if (v == null) {
      throw new SafetensorsException(file, where + "missing \"" + key + "\"");
    }
    return v;
  }

  /** A JSON array of integers; {@code length} -1 accepts any length. */
  private static long[] integers(Path file, String where, String key, Object v, int length)
      throws SafetensorsException {
    String expected =
        length < 0 ? "an array of integers" : "an array of " + length + " integers [begin, end]";
    if (!(v instanceof List<?> list) || (length >= 0 && list.size() != length)) {
      throw new SafetensorsException(
          file, where + key + " must be " + expected + ", got " + render(v));
    }
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Long n)) {
        throw new SafetensorsException(
            file, where + key + " must be " + expected + ", got " + render(v));
      }
      out[i] = n;
    }
    return out;
  }

  /** The entries sorted by offset must tile {@code [0, bufferSize)} exactly. */
  private static void checkCoverage(Path file, List<Entry> entries, long bufferSize)
      throws SafetensorsException {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long covered = 0;
    Entry previous = null;
    for (Entry e : sorted) {
      if (e.begin() < covered) {
        throw new SafetensorsException(
            file,
            "tensor '"
                + e.name()
                + "': data_offsets "
                + offsets(e)
                + " overlap tensor '"
                + previous.name()
                + "' at "
                + offsets(previous));
      }
      if (e.begin() > covered) {
        throw new SafetensorsException(
            file,
            "bytes ["
                + covered
                + ", "
                + e.begin()
                + ") of the data buffer belong to no tensor ("
                + (previous == null ? "" : "after '" + previous.name() + "', ")
                + "before '"
                + e.name()
                + "'); safetensors files have no gaps");
      }
      covered = e.end();
      previous = e;
    }
    if (covered != bufferSize) {
      throw new SafetensorsException(
          file,
          "the data buffer has "
              + bufferSize
              + " bytes but the tensors cover only the first "
              + covered
              + "; safetensors files have no trailing bytes");
    }
  }

  private static String offsets(Entry e) {
    return "[" + e.begin() + ", " + e.end() + "]";
  }

  /** A parsed JSON value for an error message, cut to a readable length. */
  private static String render(Object v) {
    String s;
    if (v instanceof String str) {
      s = Json.quote(str);
    } else if (v instanceof List<?> list) {
      StringJoiner j = new StringJoiner(", ", "[", "]");
      for (Object x : list) {
        j.add(render(x));
      }
      s = j.toString();
    } else if (v instanceof Map<?, ?>) {
      s = "an object";
    } else {
      s = String.valueOf(v);
    }
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }

  // ---- writing --------------------------------------------------------------------------------

  /**
   * The header bytes for {@code entries} (in this order) and {@code metadata}: compact JSON as the
   * reference implementation writes it, padded with spaces to a multiple of 8 bytes so that the
   * data buffer starts 8-byte aligned.
   */
  static byte[] encode(List<Entry> entries, Map<String, String> metadata) {
    StringBuilder sb = new StringBuilder("{");
    if (!metadata.isEmpty()) {
      Json.writeString(sb, METADATA_KEY).append(":{");
      String sep = "";
      for (Map.Entry<String, String> m : metadata.entrySet()) {
        sb.append(sep);
        Json.writeString(sb, m.getKey()).append(':');
        Json.writeString(sb, m.getValue());
        sep = ",";
      }
      sb.append('}');
      if (!entries.isEmpty()) {
        sb.append(',');
      }
    }
    String sep = "";
    for (Entry e : entries) {
      sb.append(sep);
      Json.writeString(sb, e.name()).append(":{\"dtype\":");
      Json.writeString(sb, code(e.dtype())).append(",\"shape\":[");
      for (int i = 0; i < e.shape().length; i++) {
        sb.append(i == 0 ? "" : ",").append(e.shape()[i]);
      }
      sb.append("],\"data_offsets\":[").append(e.begin()).append(',').append(e.end()).append("]}");
      sep = ",";
    }
    sb.append('}');
    byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    byte[] out = Arrays.copyOf(json, padded);
    Arrays.fill(out, json.length, padded, (byte) ' ');
    return out;
  }

  /**
   * Rejects strings that UTF-8 cannot encode (unpaired surrogates), which {@link String#getBytes}
   * would silently replace with {@code ?}.
   */
  static void requireWellFormed(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            what
                + " "
                + Json.quote(s)
                + " holds an unpaired surrogate at index "
                + i
                + " and cannot be written as UTF-8");
      }
    }
  }
}
