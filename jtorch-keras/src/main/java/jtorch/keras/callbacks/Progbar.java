package jtorch.keras.callbacks;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's progress bar ({@code keras.utils.Progbar}), in its format:
 *
 * <pre>
 * 1875/1875 [==============================] - 95s 50ms/step - loss: 0.1234 - accuracy: 0.9612
 * </pre>
 *
 * <p>With {@code verbose} 1 on a terminal the line is redrawn in place (at most every 0.05 s) with
 * an ETA while it runs; when the output is not a terminal (a log file, a pipe) only the final line
 * is printed, once. With {@code verbose} 2 one line is printed at the end: {@code 1875/1875 - 95s -
 * loss: 0.1234 - 95s/epoch - 50ms/step}. Values above 1e-3 print with 4 decimals, smaller ones in
 * scientific notation, as Keras.
 *
 * <pre>{@code
 * var bar = new Progbar(100, 1, System.out, Progbar.onTerminal());
 * for (int i = 1; i <= 100; i++) { ...; bar.update(i, Map.of("loss", loss), i == 100); }
 * }</pre>
 */
public final class Progbar {
  private static final int WIDTH = 30;
  private static final double INTERVAL_S = 0.05;

  private final long target;
  private final int verbose;
  private final PrintStream out;
  private final boolean dynamic;
  private final String unitName;
  private final long start = System.nanoTime();
  private final Map<String, Double> values = new LinkedHashMap<>();
  private long lastUpdate;
  private long timeAfterFirstStep = -1;
  private int totalWidth;

  /**
   * A bar for {@code target} steps ({@code -1} if unknown) printing to {@code out}; {@code dynamic}
   * redraws in place (use {@link #onTerminal()}).
   */
  public Progbar(long target, int verbose, PrintStream out, boolean dynamic) {
    this(target, verbose, out, dynamic, "step");
  }

  /** As above, naming the unit of the per-unit time ({@code step}). */
  public Progbar(long target, int verbose, PrintStream out, boolean dynamic, String unitName) {
    this.target = target;
    this.verbose = verbose;
    this.out = out;
    this.dynamic = dynamic;
    this.unitName = unitName;
  }

  /** True when standard output is an interactive terminal (so the bar can redraw itself). */
  public static boolean onTerminal() {
    var console = System.console();
    return console != null && console.isTerminal();
  }

  /**
   * Shows progress {@code current} with the latest {@code values}; {@code finalize} ends the line.
   */
  public void update(long current, Map<String, Double> values, boolean finalize) {
    this.values.putAll(values);
    long now = System.nanoTime();
    double elapsed = (now - start) / 1e9;
    double perUnit = stepDuration(current, now);
    if (verbose == 1) {
      if (!finalize && (!dynamic || (now - lastUpdate) / 1e9 < INTERVAL_S)) {
        return;
      }
      lastUpdate = now;
      String bar = bar(current);
      StringBuilder info = new StringBuilder();
      if (target < 0 || finalize) {
        info.append(String.format(Locale.ROOT, " - %.0fs", elapsed))
            .append(formatTime(perUnit, unitName));
      } else {
        info.append(" - ETA: ").append(eta(perUnit * (target - current)));
      }
      appendValues(info);
      int width = bar.length() + info.length();
      String line = bar + info + " ".repeat(Math.max(0, totalWidth - width));
      totalWidth = width;
      out.print((dynamic ? "\r" : "") + line + (finalize ? "\n" : ""));
      out.flush();
    } else if (verbose == 2 && finalize) {
      StringBuilder info = new StringBuilder(count(current));
      info.append(String.format(Locale.ROOT, " - %.0fs", elapsed));
      appendValues(info);
      info.append(" -").append(formatTime(elapsed, "epoch"));
      info.append(" -").append(formatTime(current > 0 ? elapsed / current : 0, unitName));
      out.println(info);
      out.flush();
    }
  }

  private double stepDuration(long current, long now) {
    if (current <= 0) {
      return 0;
    }
    double perUnit;
    if (timeAfterFirstStep >= 0 && current > 1) {
      perUnit = (now - timeAfterFirstStep) / 1e9 / (current - 1);
    } else {
      perUnit = (now - start) / 1e9 / current;
    }
    if (current == 1) {
      timeAfterFirstStep = now;
    }
    return perUnit;
  }

  private String count(long current) {
    if (target < 0) {
      return String.format(Locale.ROOT, "%7d/Unknown", current);
    }
    int digits = (int) Math.floor(Math.log10(Math.max(1, target))) + 1;
    return String.format(Locale.ROOT, "%" + digits + "d/%d", current, target);
  }

  private String bar(long current) {
    if (target < 0) {
      return count(current);
    }
    StringBuilder sb = new StringBuilder(count(current)).append(" [");
    double progress = target == 0 ? 1 : (double) current / target;
    int done = (int) (WIDTH * progress);
    if (done > 0) {
      sb.append("=".repeat(done - 1)).append(current < target ? '>' : '=');
    }
    sb.append(".".repeat(Math.max(0, WIDTH - done))).append(']');
    return sb.toString();
  }

  private void appendValues(StringBuilder info) {
    for (var e : values.entrySet()) {
      double v = e.getValue();
      info.append(" - ").append(e.getKey()).append(':');
      info.append(String.format(Locale.ROOT, Math.abs(v) > 1e-3 ? " %.4f" : " %.4e", v));
    }
  }

  private static String eta(double seconds) {
    long s = (long) seconds;
    if (seconds > 3600) {
      return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
    }
    if (seconds > 60) {
      return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
    return s + "s";
  }

  /**
   * Keras's {@code _format_time}: {@code " 95s/epoch"}, {@code " 50ms/step"}, {@code " 80us/step"}.
   */
  static String formatTime(double seconds, String unit) {
    if (seconds >= 1 || seconds == 0) {
      return String.format(Locale.ROOT, " %.0fs/%s", seconds, unit);
    }
    if (seconds >= 1e-3) {
      return String.format(Locale.ROOT, " %.0fms/%s", seconds * 1e3, unit);
    }
    return String.format(Locale.ROOT, " %.0fus/%s", seconds * 1e6, unit);
  }
}
