package jtorch.vision.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import jtorch.vision.internal.AtomicFiles;

/**
 * MD5 checks of dataset files, done once per file version: after a file's MD5 has been found right,
 * a small marker next to it ({@code .NAME.verified}) records the MD5 with the file's size and
 * modification time; while those are unchanged later checks trust the marker instead of reading the
 * file again. Any change of size or time (a new download, a copy, an edit) makes the marker stale
 * and the MD5 is computed again.
 */
final class Checksums {
  private Checksums() {}

  /** The state of one file. */
  sealed interface Status {}

  /** The file does not exist. */
  record Missing() implements Status {}

  /** The file exists and has the expected MD5. */
  record Valid() implements Status {}

  /** The file exists but its MD5 differs (corrupt, truncated or another file). */
  record Mismatch(String actualMd5, long size) implements Status {}

  /** The file exists but could not be read. */
  record Unreadable(IOException error) implements Status {}

  /** Checks {@code file} against {@code md5}, trusting a fresh marker. */
  static Status check(Path file, String md5) {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return Files.exists(file) ? new Unreadable(e) : new Missing();
    }
    if (!attrs.isRegularFile()) {
      return new Unreadable(new IOException(file + " is not a regular file"));
    }
    if (markerSays(file, md5, attrs)) {
      return new Valid();
    }
    String actual;
    try {
      actual = md5(file);
    } catch (IOException e) {
      return new Unreadable(e);
    }
    if (!actual.equalsIgnoreCase(md5)) {
      return new Mismatch(actual, attrs.size());
    }
    writeMarker(file, actual);
    return new Valid();
  }

  /** The MD5 of a file as lower-case hex. */
  static String md5(Path file) throws IOException {
    MessageDigest md = newMd5();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no MD5", e);
    }
  }

  /** The marker of {@code file}: {@code .NAME.verified} in the same folder. */
  static Path markerOf(Path file) {
    return file.resolveSibling("." + file.getFileName() + ".verified");
  }

  /**
   * Records that {@code file} (as it is now) has MD5 {@code md5}. Best effort: a read-only folder
   * only means the MD5 is computed again next time.
   */
  static void writeMarker(Path file, String md5) {
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      String text =
          "# jtorch: the MD5 of "
              + file.getFileName()
              + " was verified; valid while its size and mtime are unchanged\n"
              + "md5="
              + md5.toLowerCase(java.util.Locale.ROOT)
              + "\nsize="
              + attrs.size()
              + "\nmtime="
              + attrs.lastModifiedTime()
              + "\n";
      AtomicFiles.write(
          markerOf(file),
          ch -> ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
    } catch (IOException | RuntimeException e) {
      // Not cached; harmless.
    }
  }

  private static boolean markerSays(Path file, String md5, BasicFileAttributes attrs) {
    Path marker = markerOf(file);
    if (!Files.isRegularFile(marker)) {
      return false;
    }
    Properties p = new Properties();
    try (InputStream in = Channels.newInputStream(Files.newByteChannel(marker))) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
    return md5.equalsIgnoreCase(p.getProperty("md5", ""))
        && Long.toString(attrs.size()).equals(p.getProperty("size"))
        && attrs.lastModifiedTime().toString().equals(p.getProperty("mtime"));
  }
}
