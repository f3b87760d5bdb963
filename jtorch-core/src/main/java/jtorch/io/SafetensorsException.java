package jtorch.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that is not a valid safetensors file: truncated, with a malformed header, or with tensor
 * entries that contradict each other or the file's size. The message names the file, the tensor
 * (where one is at fault) and what is wrong, e.g.
 *
 * <pre>{@code
 * model.safetensors: tensor 'fc1.weight': data_offsets [0, 100] hold 100 bytes but F32 [5, 6] needs 120
 * }</pre>
 *
 * <p>When {@link SafeTensors#load} throws it, nothing was loaded.
 */
public final class SafetensorsException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String problem;

  /**
   * Creates the exception.
   *
   * @param file the file that was read
   * @param problem what is wrong with it, without the file name
   */
  public SafetensorsException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file.toString();
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** The file that was read. */
  public Path file() {
    return Path.of(file);
  }

  /** What is wrong with the file: the message without the file name. */
  public String problem() {
    return problem;
  }
}
