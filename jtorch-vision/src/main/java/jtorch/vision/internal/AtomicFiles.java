package jtorch.vision.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers see either the old file or the complete new one, never a part: the
 * bytes go to a temporary file in the same directory ({@code .NAME.<random>.part}), are forced to
 * the disk, and the temporary file is renamed over the target with {@code ATOMIC_MOVE}. On any
 * failure the temporary file is deleted.
 */
public final class AtomicFiles {
  /** Suffix of the temporary files, so tests and users can recognise leftovers. */
  public static final String TEMP_SUFFIX = ".part";

  private AtomicFiles() {}

  /** Writes the bytes into a channel. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the whole content. */
    void write(FileChannel channel) throws IOException;
  }

  /** Writes {@code file} atomically with {@code writer}, creating missing parent directories. */
  public static void write(Path file, Writer writer) throws IOException {
    Path target = file.toAbsolutePath();
    if (Files.isDirectory(target)) {
      throw new FileSystemException(target.toString(), null, "is a directory");
    }
    Files.createDirectories(target.getParent());
    Path tmp = createTemp(target);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        writer.write(ch);
        ch.force(true);
      }
      commit(tmp, target);
    } catch (Throwable t) {
      deleteQuietly(tmp, t);
      throw t;
    }
  }

  /** A new empty file next to {@code target} (same directory, so the final rename is atomic). */
  public static Path createTemp(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    String name = target.getFileName().toString();
    while (true) {
      Path tmp =
          dir.resolve(
              "."
                  + name
                  + "."
                  + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)
                  + TEMP_SUFFIX);
      try {
        Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return tmp;
      } catch (FileAlreadyExistsException e) {
        // Another name.
      }
    }
  }

  /**
   * Renames a complete temporary file (already forced to the disk) over {@code target} and makes
   * the rename durable.
   */
  public static void commit(Path tmp, Path target) throws IOException {
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(target.toAbsolutePath().getParent());
  }

  /** Deletes {@code file} if it exists; a failure is added to {@code cause} as suppressed. */
  public static void deleteQuietly(Path file, Throwable cause) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException | RuntimeException e) {
      if (cause != null) {
        cause.addSuppressed(e);
      }
    }
  }

  /** Makes a rename durable where the platform allows opening a directory (POSIX). */
  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | RuntimeException e) {
      // Not supported here (e.g. Windows); the rename itself is still atomic.
    }
  }
}
