package jtorch.keras.layers;

import java.util.ArrayList;
import java.util.List;
import jtorch.DType;
import jtorch.Device;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.keras.Keras;
import jtorch.keras.TensorShape;
import jtorch.keras.initializers.Initializer;
import jtorch.nn.Module;
import jtorch.nn.Parameter;

/**
 * Base class of the Keras layers, as {@code keras.layers.Layer}. A layer is a jtorch {@link Module}
 * (so parameters, {@code stateDict()}, {@code to(device)} work as in {@code jtorch.nn}) with
 * Keras's life cycle: it is built from the shape of its first input ({@link #build} creates the
 * weights with {@link #addWeight}), {@link #call} computes the output, and {@link #forward}
 * (Keras's {@code layer(x)}) does both.
 *
 * <pre>{@code
 * class Scale extends Layer {
 *   Parameter w;
 *   @Override protected void build(TensorShape inputShape) {
 *     w = addWeight("w", new long[] {inputShape.get(-1)}, Initializers.get("ones"));
 *   }
 *   @Override public Tensor call(Tensor x) { return x.mul(w); }
 * }
 * new Scale().forward(Torch.ones(2, 3)).shape();   // [2, 3]; the layer now has 3 weights
 * }</pre>
 *
 * <p>Keras semantics kept here: names unique per session ({@code dense}, {@code dense_1}; see
 * {@link Keras#clearSession()}); layers are in inference mode unless a model trains them (so
 * dropout is active only inside {@code fit}); floating inputs are cast to float32, the layers'
 * compute dtype; weights are created on the device of the {@link Keras#device} scope the layer was
 * made in, else of the scope open when it is built, else of its first input. See <a
 * href="https://keras.io/api/layers/base_layer/">The base Layer class</a>.
 */
public abstract class Layer extends Module {
  private String name;
  private TensorShape declaredInputShape;
  private TensorShape outputShape;
  private boolean built;
  private boolean trainable = true;
  private final Device scopeDevice;
  private Device buildDevice;

  /**
   * A layer named after its class ({@code MaxPooling2D} is {@code max_pooling2d}, then ...{@code
   * _1}).
   */
  protected Layer() {
    String cls = getClass().getSimpleName();
    this.name = Keras.uniqueName(Keras.snakeCase(cls.isEmpty() ? "Layer" : cls));
    this.scopeDevice = Keras.currentDevice();
    train(false); // Keras layers run in inference mode unless fit() trains them
  }

  // ---- to implement ---------------------------------------------------------------------------

  /**
   * Creates the weights for inputs of {@code inputShape} (batch dimension unknown), as Keras's
   * {@code build(input_shape)}; called once, before the first {@link #call}. The default creates
   * none.
   */
  protected void build(TensorShape inputShape) {}

  /** Computes the output from {@code inputs}, as Keras's {@code call}. The layer is built. */
  public abstract Tensor call(Tensor inputs);

  /**
   * The output shape for inputs of {@code inputShape} (batch dimension unknown), as {@code
   * compute_output_shape}. The default runs {@link #call} on zeros with a batch of one.
   */
  public TensorShape computeOutputShape(TensorShape inputShape) {
    long[] dims = inputShape.toArray();
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == TensorShape.UNKNOWN) {
        dims[i] = 1;
      }
    }
    ensureBuilt(inputShape, null);
    try (var guard = Torch.noGrad()) {
      Tensor probe = Torch.zeros(dims, DType.FLOAT32, weightDevice(null));
      return TensorShape.ofBatch(call(probe));
    }
  }

  // ---- calling --------------------------------------------------------------------------------

  /**
   * Keras's {@code layer(inputs)}: casts floating inputs to float32, builds the layer on first use
   * from the input's shape, then runs {@link #call} and records the output shape.
   */
  @Override
  public final Tensor forward(Tensor inputs) {
    Tensor x = inputs;
    if (x.dtype() != DType.FLOAT32 && castsInputs()) {
      x = x.to(DType.FLOAT32);
    }
    if (x.dim() < minRank()) {
      throw incompatible(
          "expected min_ndim="
              + minRank()
              + ", found ndim="
              + x.dim()
              + ". Full shape received: "
              + TensorShape.of(x).toTupleString());
    }
    ensureBuilt(TensorShape.ofBatch(x), x.device());
    Tensor y = call(x);
    outputShape = TensorShape.ofBatch(y);
    return y;
  }

  /** The smallest input rank the layer accepts, checked by {@link #forward} (default 0). */
  protected int minRank() {
    return 0;
  }

  /**
   * Whether {@link #forward} casts inputs to float32 (true; false for layers that take integers).
   */
  protected boolean castsInputs() {
    return true;
  }

  /**
   * Builds the layer for {@code inputShape} unless it is built, creating weights on the scope's
   * device or else {@code inputDevice} (the CPU when null).
   */
  public final void ensureBuilt(TensorShape inputShape, Device inputDevice) {
    if (!built) {
      Device previous = buildDevice;
      buildDevice = weightDevice(inputDevice);
      try {
        build(inputShape);
      } finally {
        buildDevice = previous;
      }
      built = true;
    }
  }

  /** Marks the layer built; for containers whose {@link #build} builds their sublayers. */
  protected final void markBuilt() {
    built = true;
  }

  /**
   * The device weights are created on now: during a build the one chosen for it, else the device of
   * the scope the layer was made in, else of the current scope, else the CPU.
   */
  protected final Device buildDevice() {
    return buildDevice != null ? buildDevice : weightDevice(null);
  }

  private Device weightDevice(Device inputDevice) {
    if (scopeDevice != null) {
      return scopeDevice;
    }
    Device now = Keras.currentDevice();
    if (now != null) {
      return now;
    }
    return inputDevice != null ? inputDevice : Device.CPU;
  }

  /**
   * Creates, initialises and registers a float32 weight of {@code shape} under {@code name}, as
   * {@code add_weight}; for {@link #build}.
   */
  protected final Parameter addWeight(String name, long[] shape, Initializer initializer) {
    Tensor t = Torch.empty(shape, DType.FLOAT32, buildDevice());
    try (var guard = Torch.noGrad()) {
      initializer.initialize(t);
    }
    Parameter p = registerParameter(name, t);
    p.requiresGrad_(trainable);
    return p;
  }

  /** Records the output shape computed by a container that builds its layers by shape. */
  public final void recordOutputShape(TensorShape outputShape) {
    this.outputShape = outputShape;
  }

  // ---- properties -----------------------------------------------------------------------------

  /** The layer's name, e.g. {@code conv2d_1}. */
  public String name() {
    return name;
  }

  /** Renames the layer (before it is added to a model); returns this. */
  public Layer name(String name) {
    if (name == null || name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException(
          "Layer name must be non-empty and contain no '.', got '" + name + "'");
    }
    this.name = name;
    return this;
  }

  /** True once the weights exist. */
  public boolean isBuilt() {
    return built;
  }

  /** The input shape given at construction ({@code input_shape}, without batch), or null. */
  public TensorShape declaredInputShape() {
    return declaredInputShape;
  }

  /**
   * Declares the shape of one example (without batch), as Keras's {@code input_shape=...} argument;
   * a {@code Sequential} whose first layer declares it builds at once. Returns this.
   */
  public Layer inputShape(TensorShape inputShape) {
    this.declaredInputShape = inputShape;
    return this;
  }

  /** The output shape of the last call or build (batch {@code None}), or null if unknown. */
  public TensorShape outputShape() {
    return outputShape;
  }

  /** Whether the optimizer updates this layer's weights (default true). */
  public boolean trainable() {
    return trainable;
  }

  /**
   * Freezes ({@code false}) or unfreezes the weights, as {@code layer.trainable = ...}; returns
   * this.
   */
  public Layer trainable(boolean trainable) {
    this.trainable = trainable;
    for (Parameter p : parameters()) {
      p.requiresGrad_(trainable);
    }
    for (var c : children()) {
      if (c instanceof Layer l) {
        l.trainable(trainable);
      }
    }
    return this;
  }

  /** The weights, live, in creation order (kernel before bias), as {@code layer.weights}. */
  public List<Parameter> weights() {
    return parameters();
  }

  /** The weights the optimizer updates. */
  public List<Parameter> trainableWeights() {
    List<Parameter> out = new ArrayList<>();
    for (Parameter p : parameters()) {
      if (p.requiresGrad()) {
        out.add(p);
      }
    }
    return out;
  }

  /** Number of scalars in all weights, as {@code count_params()}. */
  public long countParams() {
    long n = 0;
    for (Parameter p : parameters()) {
      n += p.numel();
    }
    return n;
  }

  /** Fails with Keras's message when a fluent option is set after the weights exist. */
  protected final void checkNotBuilt(String option) {
    if (built) {
      throw new IllegalStateException(
          "Layer " + name + ": " + option + " must be set before the layer is built");
    }
  }

  /**
   * Keras's message for an input that does not fit: {@code Input 0 of layer "dense" is incompatible
   * with the layer: ...}.
   */
  protected final IllegalArgumentException incompatible(String detail) {
    return new IllegalArgumentException(
        "Input 0 of layer \"" + name + "\" is incompatible with the layer: " + detail);
  }
}
