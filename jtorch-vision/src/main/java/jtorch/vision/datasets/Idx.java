package jtorch.vision.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads gzip-compressed IDX files (LeCun's format): a big-endian header (magic {@code 0x00000803} =
 * 2051 for images [N, rows, cols], {@code 0x00000801} = 2049 for labels [N]) followed by the uint8
 * values. Every structural fact is checked (magic, counts, sizes, exact length, the gzip CRC, label
 * range), so a damaged file is reported, never used.
 */
final class Idx {
  static final int IMAGES_MAGIC = 2051;
  static final int LABELS_MAGIC = 2049;

  private Idx() {}

  /** Images and labels of one split. */
  record Data(byte[] images, byte[] labels, int count, int rows, int cols) {}

  /**
   * Parses a split.
   *
   * @param expectedCount the number of examples the split must have
   * @param rows the image height the dataset must have
   * @param cols the image width
   * @param numClasses labels must be in {@code [0, numClasses)}
   */
  static Data read(
      Path imagesGz, Path labelsGz, int expectedCount, int rows, int cols, int numClasses)
      throws IOException {
    byte[] images = readImages(imagesGz, expectedCount, rows, cols);
    byte[] labels = readLabels(labelsGz, expectedCount, numClasses);
    return new Data(images, labels, expectedCount, rows, cols);
  }

  static byte[] readImages(Path file, int expectedCount, int rows, int cols) throws IOException {
    try (InputStream in = open(file)) {
      int[] h = header(in, file, IMAGES_MAGIC, 4);
      check(h[1] == expectedCount, file, h[1] + " images, expected " + expectedCount);
      check(
          h[2] == rows && h[3] == cols,
          file,
          "images of " + h[2] + "x" + h[3] + ", expected " + rows + "x" + cols);
      byte[] data = new byte[Math.multiplyExact(expectedCount, rows * cols)];
      body(in, file, data);
      return data;
    } catch (ZipException | EOFException e) {
      throw corrupt(file, e.getMessage() == null ? "truncated" : e.getMessage(), e);
    }
  }

  static byte[] readLabels(Path file, int expectedCount, int numClasses) throws IOException {
    try (InputStream in = open(file)) {
      int[] h = header(in, file, LABELS_MAGIC, 2);
      check(h[1] == expectedCount, file, h[1] + " labels, expected " + expectedCount);
      byte[] data = new byte[expectedCount];
      body(in, file, data);
      for (int i = 0; i < data.length; i++) {
        int v = data[i] & 0xFF;
        check(
            v < numClasses,
            file,
            "label " + v + " at index " + i + " is not in [0, " + numClasses + ")");
      }
      return data;
    } catch (ZipException | EOFException e) {
      throw corrupt(file, e.getMessage() == null ? "truncated" : e.getMessage(), e);
    }
  }

  private static InputStream open(Path file) throws IOException {
    return new GZIPInputStream(Files.newInputStream(file), 1 << 16);
  }

  /**
   * The header's {@code ints} big-endian int32s; the magic number is checked first, so a file of
   * the other kind is named as such even when it is too short for this kind's header.
   */
  private static int[] header(InputStream in, Path file, int magic, int ints) throws IOException {
    int[] h = new int[ints];
    for (int i = 0; i < ints; i++) {
      byte[] b = in.readNBytes(4);
      check(b.length == 4, file, "file ends inside the header (" + (4 * i + b.length) + " bytes)");
      h[i] = ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
      if (i == 0) {
        check(
            h[0] == magic,
            file,
            "magic number "
                + h[0]
                + ", expected "
                + magic
                + (magic == IMAGES_MAGIC ? " (an IDX image file)" : " (an IDX label file)"));
      }
    }
    return h;
  }

  /** Reads exactly {@code data.length} bytes, then requires the end (this also checks the CRC). */
  private static void body(InputStream in, Path file, byte[] data) throws IOException {
    int n = in.readNBytes(data, 0, data.length);
    check(n == data.length, file, "truncated: " + n + " of " + data.length + " data bytes");
    check(in.read() < 0, file, "unexpected data after the last " + (data.length) + " bytes");
  }

  private static void check(boolean ok, Path file, String problem) throws IOException {
    if (!ok) {
      throw corrupt(file, problem, null);
    }
  }

  static IOException corrupt(Path file, String problem, Throwable cause) {
    return new IOException(
        file.toAbsolutePath()
            + " is corrupt or incomplete ("
            + problem
            + "): delete it and load again with download=true to fetch it again, or replace it"
            + " with a good copy",
        cause);
  }
}
