package jtorch.keras;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.UnaryOperator;
import jtorch.Tensor;

/**
 * Activation functions by Keras name, as {@code keras.activations}: {@code "relu"}, {@code
 * "softmax"} (over the last axis), {@code "sigmoid"}, {@code "tanh"}, and {@code "linear"} (or
 * null) for none.
 *
 * <pre>{@code
 * Activations.get("relu").apply(Keras.constant(new double[] {-1, 2}));   // tensor([0., 2.])
 * }</pre>
 *
 * <p>Like Keras 3, {@link #softmax} remembers the logits it was given, so that a cross-entropy loss
 * computed from its probabilities can use the logits instead (Keras's {@code _keras_logits}): that
 * is what keeps {@code Dense(10, "softmax")} with {@code sparse_categorical_crossentropy}
 * numerically stable. See <a href="https://keras.io/api/layers/activations/">Layer activation
 * functions</a>.
 */
public final class Activations {
  private static final Map<Tensor, Tensor> LOGITS =
      Collections.synchronizedMap(new WeakHashMap<>());

  private Activations() {}

  /** The activation named {@code name}; null and {@code "linear"} give the identity. */
  public static UnaryOperator<Tensor> get(String name) {
    if (name == null) {
      return x -> x;
    }
    return switch (name) {
      case "linear" -> x -> x;
      case "relu" -> Tensor::relu;
      case "sigmoid" -> Tensor::sigmoid;
      case "tanh" -> Tensor::tanh;
      case "softmax" -> Activations::softmax;
      default ->
          throw new IllegalArgumentException(
              "Unknown activation function: '"
                  + name
                  + "'. Supported: relu, softmax, sigmoid, tanh, linear (or null)");
    };
  }

  /** Softmax over the last axis, remembering {@code logits} for the losses ({@link #logitsOf}). */
  public static Tensor softmax(Tensor logits) {
    Tensor p = logits.softmax(-1);
    LOGITS.put(p, logits);
    return p;
  }

  /**
   * The logits {@code probabilities} was computed from by {@link #softmax}, or null when it did not
   * come from there (Keras's {@code output._keras_logits}).
   */
  public static Tensor logitsOf(Tensor probabilities) {
    return LOGITS.get(probabilities);
  }
}
