package jtorch.keras.layers;

import java.util.function.UnaryOperator;
import jtorch.Tensor;
import jtorch.keras.Activations;
import jtorch.keras.TensorShape;

/**
 * Applies an activation function by name, as {@code keras.layers.Activation}.
 *
 * <pre>{@code
 * new Activation("softmax").forward(logits);   // probabilities over the last axis
 * }</pre>
 *
 * <p>See <a href="https://keras.io/api/layers/core_layers/activation/">Activation layer</a>.
 */
public class Activation extends Layer {
  private final String activationName;
  private final UnaryOperator<Tensor> activation;

  /** The activation named {@code name} ({@code "relu"}, {@code "softmax"}, ...). */
  public Activation(String name) {
    this.activation = Activations.get(name);
    this.activationName = name;
  }

  @Override
  public TensorShape computeOutputShape(TensorShape inputShape) {
    return inputShape;
  }

  @Override
  public Tensor call(Tensor x) {
    return activation.apply(x);
  }

  @Override
  protected String extraRepr() {
    return "activation=" + activationName;
  }
}
