package jtorch.io;

import static jtorch.io.TestFiles.file;
import static jtorch.io.TestFiles.padded;
import static jtorch.io.TestFiles.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import jtorch.Tensor;
import jtorch.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed file is rejected with a message naming the file, the tensor and the fault. */
class SafetensorsValidationTest {
  @TempDir Path dir;

  private static final String F32_6 = "{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":";

  /** Writes {@code bytes}, asserts that every way of reading it fails with {@code fragments}. */
  private SafetensorsException rejected(byte[] bytes, String... fragments) throws IOException {
    Path f = Files.write(dir.resolve("bad.safetensors"), bytes);
    SafetensorsException e = null;
    for (int way = 0; way < 3; way++) {
      final int w = way;
      Throwable t =
          catchThrowable(() -> {
            switch (w) {
              case 0 -> SafeTensors.load(f);
              case 1 -> SafeTensors.load(f, false);
              default -> SafeTensors.loadMetadata(f);
            }
          });
      assertThat(t).isInstanceOf(SafetensorsException.class);
      e = (SafetensorsException) t;
      assertThat(e.getMessage()).startsWith(f + ": ");
      for (String fragment : fragments) {
        assertThat(e.getMessage()).contains(fragment);
      }
      assertThat(e.file()).isEqualTo(f);
      assertThat(e.getMessage()).isEqualTo(f + ": " + e.problem());
    }
    return e;
  }

  @Test
  void fileShorterThanTheLengthPrefix() throws IOException {
    rejected(new byte[0], "the file has 0 bytes", "8-byte header length");
    rejected(new byte[] {8, 0, 0}, "the file has 3 bytes");
  }

  @Test
  void headerLengthOverTheLimitOrPastTheEnd() throws IOException {
    rejected(raw(100_000_008L, new byte[16], new byte[0]), "header length 100000008", "limit");
    rejected(raw(-1L, new byte[0], new byte[0]), "header length 18446744073709551615", "limit");
    rejected(
        raw(1000, "{}".getBytes(StandardCharsets.US_ASCII), new byte[0]),
        "header length 1000 runs past the end of the file (10 bytes)",
        "truncated");
  }

  @Test
  void headerThatIsNotUtf8JsonObject() throws IOException {
    byte[] notUtf8 = {'{', '"', 'a', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}', ' ', ' ', ' '};
    rejected(raw(notUtf8.length, notUtf8, new byte[0]), "not valid UTF-8", "header byte 3");
    rejected(padded("[1, 2]", 0), "must be a JSON object starting with '{'", "\"[\"");
    rejected(padded(" {}", 0), "starting with '{' but starts with \" \"");
    rejected(padded("", 0), "starts with nothing");
    rejected(padded("{\"a\": " + F32_6 + "[0,24]},}", 24), "not valid JSON", "expected a string");
    rejected(padded("{\"a\": " + F32_6 + "[0,24]}", 24), "not valid JSON", "end of text");
    rejected(padded("{} {}", 0), "not valid JSON", "after the end of the JSON value");
    rejected(file("{}\0\0\0\0\0\0", new byte[0]), "not valid JSON", "U+0000");
    rejected(padded("{\"a\": 'x'}", 0), "not valid JSON", "character '''");
  }

  @Test
  void entryThatIsNotATensorDescription() throws IOException {
    rejected(padded("{\"w\": [1, 2]}", 0), "tensor 'w': expected an object", "got [1, 2]");
    rejected(
        padded("{\"w\": {\"shape\": [], \"data_offsets\": [0, 4]}}", 4),
        "tensor 'w': missing \"dtype\"");
    rejected(
        padded("{\"w\": {\"dtype\": \"F32\", \"data_offsets\": [0, 4]}}", 4),
        "tensor 'w': missing \"shape\"");
    rejected(
        padded("{\"w\": {\"dtype\": \"F32\", \"shape\": []}}", 4),
        "tensor 'w': missing \"data_offsets\"");
    rejected(
        padded("{\"w\": {\"dtype\": 32, \"shape\": [], \"data_offsets\": [0, 4]}}", 4),
        "tensor 'w': dtype must be a string, got 32");
    rejected(
        padded("{\"w\": {\"dtype\": \"F32\", \"shape\": 3, \"data_offsets\": [0, 4]}}", 4),
        "tensor 'w': shape must be an array of integers, got 3");
    rejected(
        padded("{\"w\": {\"dtype\": \"F32\", \"shape\": [2.0], \"data_offsets\": [0, 8]}}", 8),
        "not valid JSON",
        "not an integer");
    rejected(
        padded("{\"w\": {\"dtype\": \"F32\", \"shape\": [\"2\"], \"data_offsets\": [0, 8]}}", 8),
        "tensor 'w': shape must be an array of integers, got [\"2\"]");
  }

  @Test
  void unknownAndUnsupportedDtypes() throws IOException {
    rejected(
        padded("{\"w\": {\"dtype\": \"F33\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 4),
        "tensor 'w': unknown dtype \"F33\"",
        "supported: F32, F64, F16, BF16");
    rejected(
        padded("{\"w\": {\"dtype\": \"U16\", \"shape\": [1], \"data_offsets\": [0, 2]}}", 2),
        "tensor 'w': dtype U16 is not supported by jtorch");
    rejected(
        padded("{\"w\": {\"dtype\": \"f32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 4),
        "unknown dtype \"f32\"");
  }

  @Test
  void negativeAndOverflowingShapes() throws IOException {
    rejected(
        padded("{\"w\": {\"dtype\": \"F32\", \"shape\": [2, -3], \"data_offsets\": [0, 0]}}", 0),
        "tensor 'w': shape [2, -3] has a negative dimension");
    rejected(
        padded(
            "{\"w\": {\"dtype\": \"I64\", \"shape\": [4294967296, 4294967296],"
                + " \"data_offsets\": [0, 0]}}",
            0),
        "tensor 'w': shape [4294967296, 4294967296] has" + " more bytes than a file can hold");
    rejected(
        padded(
            "{\"w\": {\"dtype\": \"I64\", \"shape\": [99999999999999999999],"
                + " \"data_offsets\": [0, 0]}}",
            0),
        "out of the 64-bit range");
  }

  @Test
  void malformedDataOffsets() throws IOException {
    rejected(
        padded("{\"w\": " + F32_6 + "[24]}}", 24),
        "tensor 'w': data_offsets must be an array of 2 integers [begin, end], got [24]");
    rejected(
        padded("{\"w\": " + F32_6 + "[0, 12, 24]}}", 24), "data_offsets must be an array of 2");
    rejected(
        padded("{\"w\": " + F32_6 + "[24, 0]}}", 24),
        "tensor 'w': data_offsets [24, 0] must be [begin, end] with 0 <= begin <= end");
    rejected(padded("{\"w\": " + F32_6 + "[-24, 0]}}", 24), "data_offsets [-24, 0] must be");
    rejected(padded("{\"w\": " + F32_6 + "{\"begin\": 0}}}", 24), "got an object");
  }

  @Test
  void sizeThatDisagreesWithDtypeAndShape() throws IOException {
    SafetensorsException e =
        rejected(
            padded(
                "{\"fc1.weight\": {\"dtype\": \"F32\", \"shape\": [5, 6], \"data_offsets\": [0,"
                    + " 100]}}",
                100));
    assertThat(e.problem())
        .isEqualTo(
            "tensor 'fc1.weight': data_offsets [0, 100] hold 100 bytes but F32 [5, 6] needs 120");
    rejected(
        padded("{\"b\": {\"dtype\": \"BOOL\", \"shape\": [], \"data_offsets\": [0, 0]}}", 0),
        "tensor 'b': data_offsets [0, 0] hold 0 bytes but BOOL [] needs 1");
  }

  @Test
  void offsetsPastTheEndOfTheBuffer() throws IOException {
    rejected(
        padded("{\"w\": " + F32_6 + "[0, 24]}}", 20),
        "tensor 'w': data_offsets [0, 24] reach past the end of the data buffer, which has 20 bytes",
        "truncated");
  }

  @Test
  void overlappingTensors() throws IOException {
    rejected(
        padded("{\"a\": " + F32_6 + "[0, 24]}, \"b\": " + F32_6 + "[16, 40]}}", 40),
        "tensor 'b': data_offsets [16, 40] overlap tensor 'a' at [0, 24]");
    rejected(
        padded("{\"a\": " + F32_6 + "[0, 24]}, \"b\": " + F32_6 + "[0, 24]}}", 24),
        "overlap tensor");
    // An empty tensor inside another one's bytes is rejected too, as the reference does.
    rejected(
        padded(
            "{\"a\": "
                + F32_6
                + "[0, 24]}, \"e\": {\"dtype\": \"F32\", \"shape\": [0],"
                + " \"data_offsets\": [8, 8]}}",
            24),
        "tensor 'e': data_offsets [8, 8] overlap tensor 'a'");
  }

  @Test
  void gapsAndTrailingBytes() throws IOException {
    rejected(
        padded("{\"a\": " + F32_6 + "[0, 24]}, \"b\": " + F32_6 + "[32, 56]}}", 56),
        "bytes [24, 32) of the data buffer belong to no tensor (after 'a', before 'b')");
    rejected(
        padded("{\"b\": " + F32_6 + "[8, 32]}}", 32),
        "bytes [0, 8) of the data buffer belong to no tensor (before 'b')");
    rejected(
        padded("{\"a\": " + F32_6 + "[0, 24]}}", 32),
        "the data buffer has 32 bytes but the tensors cover only the first 24",
        "no trailing bytes");
    rejected(padded("{}", 1), "the data buffer has 1 bytes but the tensors cover only the first 0");
  }

  @Test
  void duplicateNames() throws IOException {
    rejected(
        padded("{\"a\": " + F32_6 + "[0, 24]}, \"a\": " + F32_6 + "[24, 48]}}", 48),
        "duplicate key \"a\"");
    rejected(
        padded(
            "{\"a\": {\"dtype\": \"F32\", \"dtype\": \"F64\", \"shape\": [],"
                + " \"data_offsets\": [0, 4]}}",
            4),
        "duplicate key \"dtype\"");
    rejected(
        padded("{\"__metadata__\": {}, \"__metadata__\": {}}", 0),
        "duplicate key \"__metadata__\"");
  }

  @Test
  void badMetadata() throws IOException {
    rejected(
        padded("{\"__metadata__\": {\"k\": 1}}", 0),
        "__metadata__ value of \"k\" must be a string, got 1");
    rejected(padded("{\"__metadata__\": {\"k\": null}}", 0), "must be a string, got null");
    rejected(
        padded("{\"__metadata__\": [\"k\"]}", 0),
        "__metadata__ must be an object of strings, got [\"k\"]");
  }

  @Test
  void truncatedFilesAreDetected() throws IOException {
    Path good = dir.resolve("good.safetensors");
    LinkedHashMap<String, Tensor> state = new LinkedHashMap<>();
    state.put("a", Torch.ones(10));
    state.put("b", Torch.zeros(4, 4));
    SafeTensors.save(state, good);
    byte[] all = Files.readAllBytes(good);
    long n = all.length - 8 - (10 + 16) * 4;

    // Cut inside the data buffer, inside the header, and inside the length prefix.
    rejected(
        Arrays.copyOf(all, all.length - 10),
        "tensor 'b': data_offsets [40, 104] reach past the end of the data buffer, which has 94"
            + " bytes: the file is truncated");
    rejected(Arrays.copyOf(all, (int) (8 + n + 40)), "tensor 'b'", "reach past the end");
    rejected(Arrays.copyOf(all, 8 + (int) n - 3), "header length " + n + " runs past the end");
    rejected(Arrays.copyOf(all, 5), "the file has 5 bytes");
    // A zero byte appended is a trailing byte.
    rejected(Arrays.copyOf(all, all.length + 1), "no trailing bytes");
    assertThat(SafeTensors.load(good)).containsOnlyKeys("a", "b");
  }

  @Test
  void validFilesFromOtherWritersLoad() throws IOException {
    // No padding, whitespace in the JSON, unknown keys in an entry (ignored,
    // as the reference implementation ignores them), an empty tensor sharing an offset.
    String header =
        "{ \"w\" : { \"dtype\" : \"I8\", \"shape\" : [ 2 ], \"data_offsets\" : [ 0, 2 ],"
            + " \"extra\": {\"x\": [true, false, null]} },\n"
            + " \"e\": {\"dtype\": \"F64\", \"shape\": [0, 3], \"data_offsets\": [2, 2]} }";
    Path f = Files.write(dir.resolve("other.safetensors"), file(header, new byte[] {-3, 4}));
    Map<String, Tensor> loaded = SafeTensors.load(f);
    assertThat(loaded.keySet()).containsExactly("w", "e");
    assertThat(loaded.get("w").toLongArray()).containsExactly(-3, 4);
    assertThat(loaded.get("e").shape().toArray()).containsExactly(0, 3);
    assertThat(SafeTensors.loadMetadata(f)).isEmpty();
  }

  @Test
  void missingFileIsAnOrdinaryIoError() {
    assertThatThrownBy(() -> SafeTensors.load(dir.resolve("nope.safetensors")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
    assertThatThrownBy(() -> SafeTensors.loadMetadata(dir.resolve("nope.safetensors")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
  }
}
