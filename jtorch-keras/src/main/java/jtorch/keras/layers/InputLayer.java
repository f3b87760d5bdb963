package jtorch.keras.layers;

import jtorch.Tensor;
import jtorch.keras.TensorShape;

/**
 * The input of a model: declares the shape of one example and passes inputs through, as {@code
 * keras.Input(shape=...)} / {@code keras.layers.InputLayer}. Made by {@code Keras.input(28, 28,
 * 1)}; a {@code Sequential} that starts with one builds at once and, as in Keras, does not list it
 * in {@code summary()}.
 *
 * <pre>{@code
 * var model = new Sequential(Keras.input(784), new Dense(10, "softmax"));
 * model.isBuilt();   // true
 * }</pre>
 *
 * <p>See <a href="https://keras.io/api/layers/core_layers/input/">Input object</a>.
 */
public class InputLayer extends Layer {

  /** An input for examples of {@code shape} (without the batch dimension). */
  public InputLayer(TensorShape shape) {
    inputShape(shape);
  }

  @Override
  public TensorShape computeOutputShape(TensorShape inputShape) {
    return inputShape;
  }

  @Override
  public Tensor call(Tensor x) {
    TensorShape want = declaredInputShape();
    if (x.dim() != want.rank() + 1) {
      throw incompatible(
          "expected shape="
              + want.withBatch().toTupleString()
              + ", found shape="
              + TensorShape.of(x).toTupleString());
    }
    for (int i = 0; i < want.rank(); i++) {
      if (want.get(i) != TensorShape.UNKNOWN && want.get(i) != x.size(i + 1)) {
        throw incompatible(
            "expected shape="
                + want.withBatch().toTupleString()
                + ", found shape="
                + TensorShape.of(x).toTupleString());
      }
    }
    return x;
  }
}
