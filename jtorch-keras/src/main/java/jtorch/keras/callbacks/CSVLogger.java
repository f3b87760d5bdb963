package jtorch.keras.callbacks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Streams the epoch results to a CSV file, as {@code keras.callbacks.CSVLogger}: a header {@code
 * epoch,accuracy,loss,val_accuracy,val_loss} (the metrics sorted by name) and one row per epoch
 * (0-based epoch, values as Python prints floats), flushed after each epoch.
 *
 * <pre>{@code
 * model.fit(train, 2, test, new CSVLogger(Path.of("training.log")));
 * // epoch,accuracy,loss,val_accuracy,val_loss
 * // 0,0.9390166997909546,0.20110411942005157,0.9805999994277954,0.06124718114733696
 * }</pre>
 *
 * <p>See <a href="https://keras.io/api/callbacks/csv_logger/">CSVLogger</a>.
 */
public class CSVLogger extends Callback {
  private final Path file;
  private final String separator;
  private final boolean append;
  private BufferedWriter writer;
  private List<String> keys;
  private boolean writeHeader;

  /** Writes (replacing) {@code file} with commas. */
  public CSVLogger(Path file) {
    this(file, ",", false);
  }

  /** Writes {@code file} with {@code separator}; {@code append} continues an existing file. */
  public CSVLogger(Path file, String separator, boolean append) {
    this.file = file;
    this.separator = separator;
    this.append = append;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    try {
      writeHeader = !append || !Files.exists(file) || Files.size(file) == 0;
      keys = null;
      writer =
          append
              ? Files.newBufferedWriter(
                  file,
                  StandardCharsets.UTF_8,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.APPEND)
              : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot open " + file, e);
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    if (keys == null) {
      keys = new ArrayList<>(logs.keySet());
      Collections.sort(keys);
    }
    try {
      if (writeHeader) {
        writer.write("epoch" + separator + String.join(separator, keys) + "\n");
        writeHeader = false;
      }
      StringBuilder row = new StringBuilder().append(epoch);
      for (String k : keys) {
        Double v = logs.get(k);
        row.append(separator).append(v == null ? "NA" : PyFloat.repr(v));
      }
      writer.write(row.append('\n').toString());
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot write " + file, e);
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException e) {
        throw new UncheckedIOException("CSVLogger: cannot close " + file, e);
      } finally {
        writer = null;
      }
    }
  }
}
