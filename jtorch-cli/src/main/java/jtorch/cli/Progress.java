package jtorch.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on the terminal (standard error), nothing when the output is redirected. Log lines
 * clear the bar's line first so they are not mixed with it.
 */
final class Progress {
  private final boolean enabled;
  private ProgressBar bar;

  Progress(boolean enabled) {
    this.enabled = enabled;
  }

  /** True when standard output is a terminal. */
  static boolean onTerminal() {
    var console = System.console();
    return console != null && console.isTerminal();
  }

  void start(String task, long total) {
    if (enabled) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII)
              .setUpdateIntervalMillis(250)
              .continuousUpdate()
              .build();
    }
  }

  void step(double loss) {
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(String.format(java.util.Locale.ROOT, "loss %.4f", loss));
    }
  }

  void log(PrintStream out, String line) {
    if (bar != null) {
      System.err.print("\r\033[K");
    }
    out.println(line);
  }

  void stop() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
