package jtorch.keras.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saves the model's weights (safetensors, via {@code Model.saveWeights}) at the end of every epoch,
 * or only when the monitored metric improved, as {@code keras.callbacks.ModelCheckpoint}. The path
 * may hold Python-style fields filled from the epoch (1-based) and the logs: {@code
 * "ckpt-{epoch:02d}-{val_loss:.2f}.safetensors"}.
 *
 * <pre>{@code
 * var best = new ModelCheckpoint(Path.of("best.safetensors"), "val_accuracy", true);
 * model.fit(train, 10, test, best);
 * model.loadWeights(Path.of("best.safetensors"));
 * }</pre>
 *
 * <p>Defaults as Keras: monitor {@code val_loss}, save every epoch, mode {@code auto}, silent. Only
 * weights are saved (Keras's {@code save_weights_only=True}). See <a
 * href="https://keras.io/api/callbacks/model_checkpoint/">ModelCheckpoint</a>.
 */
public class ModelCheckpoint extends Callback {
  private static final Pattern FIELD = Pattern.compile("\\{(\\w+)(?::([^}]*))?\\}");

  private final String filepath;
  private final String monitorName;
  private final boolean saveBestOnly;
  private String mode = "auto";
  private int verbose;
  private Monitor monitor;
  private double best;

  /** Saves after every epoch to {@code filepath}. */
  public ModelCheckpoint(Path filepath) {
    this(filepath, "val_loss", false);
  }

  /** Saves to {@code filepath}; with {@code saveBestOnly} only when {@code monitor} improved. */
  public ModelCheckpoint(Path filepath, String monitor, boolean saveBestOnly) {
    this.filepath = filepath.toString();
    this.monitorName = monitor;
    this.saveBestOnly = saveBestOnly;
  }

  /** {@code "auto"} (default), {@code "min"} or {@code "max"}; returns this. */
  public ModelCheckpoint mode(String mode) {
    new Monitor(monitorName, mode); // validates
    this.mode = mode;
    return this;
  }

  /** 1 prints a line per save or skipped save (default 0); returns this. */
  public ModelCheckpoint verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  /** The best monitored value so far (infinite before the first save). */
  public double best() {
    return best;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    if (monitor == null) {
      monitor = new Monitor(monitorName, mode);
      best = monitor.worst(); // kept across fit() calls, as Keras
    }
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    Path file = Path.of(format(filepath, epoch + 1, logs));
    if (!saveBestOnly) {
      if (verbose > 0) {
        System.out.println("\nEpoch " + (epoch + 1) + ": saving model to " + file);
      }
      save(file);
      return;
    }
    Double current = monitor.read(logs, "ModelCheckpoint");
    if (current == null) {
      return;
    }
    if (monitor.improves(current, best, 0)) {
      if (verbose > 0) {
        System.out.println(
            "\nEpoch "
                + (epoch + 1)
                + ": "
                + monitorName
                + " improved from "
                + fixed5(best)
                + " to "
                + fixed5(current)
                + ", saving model to "
                + file);
      }
      best = current;
      save(file);
    } else if (verbose > 0) {
      System.out.println(
          "\nEpoch " + (epoch + 1) + ": " + monitorName + " did not improve from " + fixed5(best));
    }
  }

  private void save(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      model().saveWeights(file);
    } catch (IOException e) {
      throw new UncheckedIOException("ModelCheckpoint: cannot save " + file, e);
    }
  }

  private static String fixed5(double v) {
    return Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : String.format(Locale.ROOT, "%.5f", v);
  }

  /** Fills {@code {epoch}}, {@code {epoch:02d}}, {@code {val_loss:.4f}} ... as Python's format. */
  static String format(String pattern, int epoch, Map<String, Double> logs) {
    Matcher m = FIELD.matcher(pattern);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String spec = m.group(2);
      Object value = key.equals("epoch") ? (Object) epoch : logs.get(key);
      if (value == null) {
        throw new IllegalArgumentException(
            "ModelCheckpoint: the file path '"
                + pattern
                + "' names '"
                + key
                + "', which is not in the logs "
                + logs.keySet());
      }
      String text;
      if (spec == null || spec.isEmpty()) {
        text = value instanceof Double d ? PyFloat.repr(d) : value.toString();
      } else if (spec.endsWith("d")) {
        text = String.format(Locale.ROOT, "%" + spec, ((Number) value).longValue());
      } else {
        text = String.format(Locale.ROOT, "%" + spec, ((Number) value).doubleValue());
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(text));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
