package jtorch.keras.callbacks;

import java.util.Locale;
import java.util.Map;

/**
 * The quantity a callback watches and which way is better, as Keras's {@code monitor} and {@code
 * mode} arguments ({@code "auto"}: higher is better for names containing {@code acc} or {@code
 * auc}, lower otherwise).
 */
final class Monitor {
  final String name;
  final boolean higherIsBetter;
  private boolean warned;

  Monitor(String name, String mode) {
    this.name = name;
    String m = mode.toLowerCase(Locale.ROOT);
    this.higherIsBetter =
        switch (m) {
          case "max" -> true;
          case "min" -> false;
          case "auto" -> name.contains("acc") || name.contains("auc");
          default ->
              throw new IllegalArgumentException(
                  "mode must be one of auto, min, max; got '" + mode + "'");
        };
  }

  /** The worst possible value, the starting "best". */
  double worst() {
    return higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }

  /** Whether {@code current} beats {@code reference} by more than {@code minDelta}. */
  boolean improves(double current, double reference, double minDelta) {
    double d = Math.abs(minDelta);
    return higherIsBetter ? current - d > reference : current + d < reference;
  }

  /** The monitored value in {@code logs}, or null with a one-time warning naming those present. */
  Double read(Map<String, Double> logs, String who) {
    Double v = logs.get(name);
    if (v == null && !warned) {
      warned = true;
      System.err.println(
          who
              + " conditioned on metric `"
              + name
              + "` which is not available. Available metrics are: "
              + String.join(",", logs.keySet()));
    }
    return v;
  }
}
