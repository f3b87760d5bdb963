package jtorch.keras.optimizers;

import java.util.Locale;

/**
 * Optimizers by name with Keras's defaults, as {@code keras.optimizers.get}: {@code "sgd"}, {@code
 * "adam"}, {@code "adadelta"} (any case).
 *
 * <pre>{@code
 * model.compile("adam", "mse");   // the same as new Adam()
 * }</pre>
 */
public final class Optimizers {
  private Optimizers() {}

  /** A new optimizer named {@code name}, with Keras's default hyperparameters. */
  public static Optimizer get(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "sgd" -> new SGD();
      case "adam" -> new Adam();
      case "adadelta" -> new Adadelta();
      default ->
          throw new IllegalArgumentException(
              "Could not interpret optimizer identifier: "
                  + name
                  + " (known: sgd, adam, adadelta)");
    };
  }
}
