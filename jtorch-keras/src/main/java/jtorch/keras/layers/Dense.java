package jtorch.keras.layers;

import java.util.function.UnaryOperator;
import jtorch.Tensor;
import jtorch.keras.Activations;
import jtorch.keras.TensorShape;
import jtorch.keras.initializers.Initializer;
import jtorch.keras.initializers.Initializers;
import jtorch.nn.Parameter;

/**
 * A densely connected layer, {@code activation(x @ kernel + bias)}, as {@code keras.layers.Dense}.
 * The kernel is {@code (in, units)} as in Keras (the transpose of {@code jtorch.nn.Linear}'s
 * weight); the input size is taken from the first input, so it is never written by hand. Defaults
 * as Keras: bias on, kernel {@code glorot_uniform}, bias zeros, no activation. Inputs of rank above
 * 2 are multiplied along their last axis.
 *
 * <pre>{@code
 * var dense = new Dense(64, "relu");
 * dense.forward(Torch.zeros(32, 4608)).shape();   // [32, 64]; kernel (4608, 64), 294,976 params
 * }</pre>
 *
 * <p>See <a href="https://keras.io/api/layers/core_layers/dense/">Dense layer</a>.
 */
public class Dense extends Layer {
  private final int units;
  private boolean useBias = true;
  private String activationName;
  private UnaryOperator<Tensor> activation = Activations.get(null);
  private Initializer kernelInitializer = Initializers.get("glorot_uniform");
  private Initializer biasInitializer = Initializers.get("zeros");

  /** The kernel {@code (in, units)}, once built. */
  public Parameter kernel;

  /** The bias {@code (units)}, once built (null without bias). */
  public Parameter bias;

  /** {@code units} outputs, no activation. */
  public Dense(int units) {
    this(units, null);
  }

  /** With an activation by name ({@code "relu"}, {@code "softmax"}, ...; null for none). */
  public Dense(int units, String activation) {
    if (units <= 0) {
      throw new IllegalArgumentException(
          "Received an invalid value for `units`, expected a positive integer. Received: units="
              + units);
    }
    this.units = units;
    activation(activation);
  }

  /** With an activation and the shape of one input example, as {@code input_shape=(784,)}. */
  public Dense(int units, String activation, TensorShape inputShape) {
    this(units, activation);
    inputShape(inputShape);
  }

  /** Whether to add a bias (default true); returns this. */
  public Dense useBias(boolean useBias) {
    checkNotBuilt("use_bias");
    this.useBias = useBias;
    return this;
  }

  /** The activation by name, null or {@code "linear"} for none; returns this. */
  public Dense activation(String name) {
    this.activation = Activations.get(name);
    this.activationName = name;
    return this;
  }

  /** The kernel initializer by name (default {@code glorot_uniform}); returns this. */
  public Dense kernelInitializer(String name) {
    checkNotBuilt("kernel_initializer");
    this.kernelInitializer = Initializers.get(name);
    return this;
  }

  /** The bias initializer by name (default {@code zeros}); returns this. */
  public Dense biasInitializer(String name) {
    checkNotBuilt("bias_initializer");
    this.biasInitializer = Initializers.get(name);
    return this;
  }

  /** Number of outputs. */
  public int units() {
    return units;
  }

  @Override
  protected void build(TensorShape inputShape) {
    if (inputShape.rank() < 2) {
      throw incompatible(
          "expected min_ndim=2, found ndim="
              + inputShape.rank()
              + ". Full shape received: "
              + inputShape.toTupleString());
    }
    long in = inputShape.get(-1);
    if (in == TensorShape.UNKNOWN) {
      throw new IllegalArgumentException(
          "The last dimension of the inputs to a Dense layer should be defined. Found None. Full"
              + " input shape received: "
              + inputShape.toTupleString());
    }
    kernel = addWeight("kernel", new long[] {in, units}, kernelInitializer);
    bias = useBias ? addWeight("bias", new long[] {units}, biasInitializer) : null;
  }

  @Override
  public TensorShape computeOutputShape(TensorShape in) {
    long[] d = in.toArray();
    d[d.length - 1] = units;
    return TensorShape.of(d);
  }

  @Override
  protected int minRank() {
    return 2;
  }

  @Override
  public Tensor call(Tensor x) {
    if (x.dim() < 2 || x.size(-1) != kernel.size(0)) {
      throw incompatible(
          "expected axis -1 of input shape to have value "
              + kernel.size(0)
              + ", but received input with shape "
              + TensorShape.of(x).toTupleString());
    }
    Tensor y = x.matmul(kernel);
    if (bias != null) {
      y = y.add(bias);
    }
    return activation.apply(y);
  }

  @Override
  protected String extraRepr() {
    return "units="
        + units
        + ", activation="
        + (activationName == null ? "linear" : activationName);
  }
}
