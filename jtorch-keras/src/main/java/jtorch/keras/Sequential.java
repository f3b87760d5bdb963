package jtorch.keras;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jtorch.Tensor;
import jtorch.keras.layers.InputLayer;
import jtorch.keras.layers.Layer;

/**
 * A plain stack of layers, each feeding the next, as {@code keras.Sequential}. When the first layer
 * declares its input shape ({@code inputShape(...)} or an {@link InputLayer}) the model is built at
 * once and {@link #summary()} works before training; otherwise it builds from the first batch it
 * sees.
 *
 * <pre>{@code
 * var model = new Sequential(
 *     new Conv2D(16, 3, "relu", inputShape(28, 28, 1)), new Conv2D(32, 3, "relu"),
 *     new MaxPooling2D(2), new Dropout(0.1), new Flatten(),
 *     new Dense(64, "relu"), new Dropout(0.25), new Dense(10, "softmax"));
 * model.summary();    // conv2d (Conv2D) (None, 26, 26, 16) 160 ... Total params: 300,426
 * }</pre>
 *
 * <p>Layers are registered under their names, so the weights are {@code conv2d.kernel}, {@code
 * conv2d.bias}, ... See <a href="https://keras.io/api/models/sequential/">The Sequential class</a>.
 */
public class Sequential extends Model {
  private final List<Layer> stack = new ArrayList<>();
  private TensorShape inputShape;
  private TensorShape lastShape;

  /** A model of {@code layers}, in order. */
  public Sequential(Layer... layers) {
    for (Layer l : layers) {
      add(l);
    }
  }

  /**
   * Appends a layer, as {@code model.add(layer)}; builds it at once when the model's input shape is
   * known. Layer names must be unique within the model.
   */
  public Sequential add(Layer layer) {
    if (layer instanceof Model m && m == this) {
      throw new IllegalArgumentException("A Sequential model cannot contain itself");
    }
    if (layer instanceof InputLayer && !stack.isEmpty()) {
      throw new IllegalArgumentException(
          "An InputLayer can only be the first layer of a Sequential model; "
              + name()
              + " already has "
              + stack.size()
              + " layers");
    }
    if (stack.stream().anyMatch(l -> l.name().equals(layer.name()))) {
      throw new IllegalArgumentException(
          "All layers added to a Sequential model should have unique names. Name \""
              + layer.name()
              + "\" is already the name of a layer in this model. Update the `name` argument to"
              + " pass a unique name.");
    }
    register(layer.name(), layer);
    stack.add(layer);
    if (stack.size() == 1 && layer.declaredInputShape() != null) {
      inputShape = layer.declaredInputShape().withBatch();
      ensureBuilt(inputShape, null);
    } else if (lastShape != null) {
      lastShape = buildLayer(layer, lastShape);
    }
    return this;
  }

  private TensorShape buildLayer(Layer layer, TensorShape in) {
    layer.ensureBuilt(in, buildDevice());
    TensorShape out = layer.computeOutputShape(in);
    layer.recordOutputShape(out);
    return out;
  }

  @Override
  void buildLayers(TensorShape shape) {
    if (inputShape == null) {
      inputShape = shape;
    }
    TensorShape s = shape;
    for (Layer l : stack) {
      s = buildLayer(l, s);
    }
    lastShape = s;
  }

  /** The layers, without an {@link InputLayer}, as {@code model.layers}. */
  @Override
  public List<Layer> layers() {
    List<Layer> out = new ArrayList<>();
    for (Layer l : stack) {
      if (!(l instanceof InputLayer)) {
        out.add(l);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The input shape with its batch dimension, once known, else null. */
  public TensorShape inputShapeWithBatch() {
    return inputShape;
  }

  @Override
  public TensorShape computeOutputShape(TensorShape in) {
    TensorShape s = in;
    for (Layer l : stack) {
      s = l.computeOutputShape(s);
    }
    return s;
  }

  @Override
  public Tensor call(Tensor x) {
    if (stack.isEmpty()) {
      throw new IllegalStateException("Sequential model " + name() + " has no layers; add() some");
    }
    Tensor y = x;
    for (Layer l : stack) {
      y = l.forward(y);
    }
    return y;
  }
}
