package jtorch.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import jtorch.Tensor;

/** Helpers shared by the safetensors tests. */
final class TestFiles {
  private TestFiles() {}

  /** A committed test resource under {@code src/test/resources/safetensors/}. */
  static Path resource(String name) {
    URL url = TestFiles.class.getResource("/safetensors/" + name);
    assertThat(url).as("test resource safetensors/" + name).isNotNull();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Bytes of a safetensors file: the length prefix, {@code header} as is, and the buffer. */
  static byte[] file(String header, byte[] buffer) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    return raw(h.length, h, buffer);
  }

  /** A file with header {@code header}, padded with spaces to 8 bytes, and a zeroed buffer. */
  static byte[] padded(String header, int bufferBytes) {
    StringBuilder sb = new StringBuilder(header);
    while (sb.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
      sb.append(' ');
    }
    return file(sb.toString(), new byte[bufferBytes]);
  }

  /** A length prefix {@code n} (any value) followed by {@code header} and {@code buffer}. */
  static byte[] raw(long n, byte[] header, byte[] buffer) {
    return ByteBuffer.allocate(8 + header.length + buffer.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(n)
        .put(header)
        .put(buffer)
        .array();
  }

  /** The files in {@code dir}, by name. */
  static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The header JSON text of a safetensors file (with its padding). */
  static String headerText(byte[] file) {
    long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    return new String(Arrays.copyOfRange(file, 8, 8 + (int) n), StandardCharsets.UTF_8);
  }

  /**
   * Asserts that {@code t} holds {@code expected} (row-major): Python-style texts ("nan", "inf",
   * "-0.0", "1e+300", "42"); floating values must match bit for bit (any NaN matches NaN).
   */
  static void assertValues(String what, Tensor t, List<String> expected) {
    assertThat(t.numel()).as(what + " numel").isEqualTo(expected.size());
    if (expected.isEmpty()) {
      return;
    }
    if (t.dtype().isFloatingPoint()) {
      double[] actual = t.toDoubleArray();
      for (int i = 0; i < actual.length; i++) {
        double e = parseDouble(expected.get(i));
        assertThat(Double.doubleToLongBits(actual[i]))
            .as("%s[%d]: got %s, expected %s", what, i, actual[i], expected.get(i))
            .isEqualTo(Double.doubleToLongBits(e));
      }
    } else {
      long[] actual = t.toLongArray();
      for (int i = 0; i < actual.length; i++) {
        assertThat(actual[i]).as("%s[%d]", what, i).isEqualTo(Long.parseLong(expected.get(i)));
      }
    }
  }

  static double parseDouble(String s) {
    return switch (s) {
      case "nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  /** Asserts two tensors have the same dtype, shape and values (bit for bit for floats). */
  static void assertSameTensor(String what, Tensor actual, Tensor expected) {
    assertThat(actual.dtype()).as(what + " dtype").isEqualTo(expected.dtype());
    assertThat(actual.shape()).as(what + " shape").isEqualTo(expected.shape());
    if (expected.numel() == 0) {
      return; // (jtorch's copy of some empty shapes, e.g. [3, 0, 2], throws; nothing to compare)
    }
    if (expected.dtype().isFloatingPoint()) {
      long[] a =
          Arrays.stream(actual.toDoubleArray()).mapToLong(Double::doubleToLongBits).toArray();
      long[] e =
          Arrays.stream(expected.toDoubleArray()).mapToLong(Double::doubleToLongBits).toArray();
      assertThat(a).as(what + " values").containsExactly(e);
    } else {
      assertThat(actual.toLongArray()).as(what + " values").containsExactly(expected.toLongArray());
    }
  }
}
