package jtorch.keras.losses;

/**
 * Losses by Keras name, as {@code keras.losses.get}: {@code sparse_categorical_crossentropy},
 * {@code categorical_crossentropy}, {@code binary_crossentropy}, {@code mse} / {@code
 * mean_squared_error}.
 *
 * <pre>{@code
 * model.compile("adam", "sparse_categorical_crossentropy");   // Losses.get(...) underneath
 * }</pre>
 */
public final class Losses {
  private Losses() {}

  /** The loss named {@code name} (from probabilities, as Keras's string identifiers are). */
  public static Loss get(String name) {
    return switch (name) {
      case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossentropy();
      case "categorical_crossentropy" -> new CategoricalCrossentropy();
      case "binary_crossentropy" -> new BinaryCrossentropy();
      case "mse", "mean_squared_error", "MSE" -> new MeanSquaredError();
      default ->
          throw new IllegalArgumentException(
              "Could not interpret loss identifier: "
                  + name
                  + " (known: sparse_categorical_crossentropy, categorical_crossentropy,"
                  + " binary_crossentropy, mse)");
    };
  }
}
