package jtorch.keras.layers;

import java.util.function.UnaryOperator;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.backend.Window2d;
import jtorch.keras.Activations;
import jtorch.keras.TensorShape;
import jtorch.keras.initializers.Initializer;
import jtorch.keras.initializers.Initializers;
import jtorch.nn.Parameter;
import jtorch.nn.functional.F;

/**
 * 2-D convolution over channels-last images {@code (batch, height, width, channels)}, as {@code
 * keras.layers.Conv2D}. The kernel is stored as Keras stores it, {@code (kh, kw, in, filters)}
 * (HWIO), so Keras weights load unchanged; {@link #call} permutes to NCHW/OIHW for {@code F.conv2d}
 * and back. Defaults as Keras: strides 1, {@code padding="valid"}, bias on, kernel {@code
 * glorot_uniform}, bias zeros, no activation.
 *
 * <pre>{@code
 * var conv = new Conv2D(16, 3, "relu", inputShape(28, 28, 1));
 * conv.computeOutputShape(TensorShape.of(28, 28, 1).withBatch());   // TensorShape([None, 26, 26, 16])
 * new Conv2D(8, 3).strides(2).padding("same").forward(Torch.zeros(1, 5, 5, 3)).shape();   // [1, 3, 3, 8]
 * }</pre>
 *
 * <p>{@code padding="same"} is TensorFlow's: {@code ceil(in / stride)} outputs, with the odd pixel
 * of padding at the bottom/right. See <a
 * href="https://keras.io/api/layers/convolution_layers/convolution2d/">Conv2D layer</a>.
 */
public class Conv2D extends Layer {
  private final int filters;
  private final int[] kernelSize;
  private int[] strides = {1, 1};
  private int[] dilationRate = {1, 1};
  private String padding = "valid";
  private boolean useBias = true;
  private String activationName;
  private UnaryOperator<Tensor> activation = Activations.get(null);
  private Initializer kernelInitializer = Initializers.get("glorot_uniform");
  private Initializer biasInitializer = Initializers.get("zeros");

  /** The kernel {@code (kh, kw, in, filters)}, once built. */
  public Parameter kernel;

  /** The bias {@code (filters)}, once built (null without bias). */
  public Parameter bias;

  /** {@code filters} square {@code kernelSize} kernels, no activation. */
  public Conv2D(int filters, int kernelSize) {
    this(filters, new int[] {kernelSize, kernelSize}, null);
  }

  /** With an activation by name ({@code "relu"}, ...; null for none). */
  public Conv2D(int filters, int kernelSize, String activation) {
    this(filters, new int[] {kernelSize, kernelSize}, activation);
  }

  /** With an activation and the shape of one input example, as {@code input_shape=(28, 28, 1)}. */
  public Conv2D(int filters, int kernelSize, String activation, TensorShape inputShape) {
    this(filters, new int[] {kernelSize, kernelSize}, activation);
    inputShape(inputShape);
  }

  /** A {@code (kh, kw)} kernel with an activation (null for none). */
  public Conv2D(int filters, int[] kernelSize, String activation) {
    if (filters <= 0) {
      throw new IllegalArgumentException(
          "Invalid value for argument `filters`. Expected a strictly positive value. Received filters="
              + filters);
    }
    this.filters = filters;
    this.kernelSize = Padding.pair("kernel_size", kernelSize);
    activation(activation);
  }

  /** Same stride on both axes (default 1); returns this. */
  public Conv2D strides(int stride) {
    return strides(stride, stride);
  }

  /** Strides {@code (height, width)}; returns this. */
  public Conv2D strides(int strideH, int strideW) {
    checkNotBuilt("strides");
    this.strides = Padding.pair("strides", strideH, strideW);
    return this;
  }

  /** {@code "valid"} (default, no padding) or {@code "same"} (TensorFlow's); returns this. */
  public Conv2D padding(String padding) {
    checkNotBuilt("padding");
    this.padding = Padding.check(padding);
    return this;
  }

  /** Dilation on both axes (default 1); returns this. */
  public Conv2D dilationRate(int rate) {
    checkNotBuilt("dilation_rate");
    this.dilationRate = Padding.pair("dilation_rate", rate);
    return this;
  }

  /** Whether to add a bias (default true); returns this. */
  public Conv2D useBias(boolean useBias) {
    checkNotBuilt("use_bias");
    this.useBias = useBias;
    return this;
  }

  /** The activation by name, null or {@code "linear"} for none; returns this. */
  public Conv2D activation(String name) {
    this.activation = Activations.get(name);
    this.activationName = name;
    return this;
  }

  /** The kernel initializer by name (default {@code glorot_uniform}); returns this. */
  public Conv2D kernelInitializer(String name) {
    checkNotBuilt("kernel_initializer");
    this.kernelInitializer = Initializers.get(name);
    return this;
  }

  /** The bias initializer by name (default {@code zeros}); returns this. */
  public Conv2D biasInitializer(String name) {
    checkNotBuilt("bias_initializer");
    this.biasInitializer = Initializers.get(name);
    return this;
  }

  @Override
  protected void build(TensorShape inputShape) {
    if (inputShape.rank() != 4) {
      throw incompatible(
          "expected min_ndim=4, found ndim="
              + inputShape.rank()
              + ". Full shape received: "
              + inputShape.toTupleString());
    }
    long channels = inputShape.get(-1);
    if (channels == TensorShape.UNKNOWN) {
      throw new IllegalArgumentException(
          "The channel dimension of the inputs should be defined. Found None in "
              + inputShape.toTupleString());
    }
    kernel =
        addWeight(
            "kernel",
            new long[] {kernelSize[0], kernelSize[1], channels, filters},
            kernelInitializer);
    bias = useBias ? addWeight("bias", new long[] {filters}, biasInitializer) : null;
  }

  @Override
  public TensorShape computeOutputShape(TensorShape in) {
    boolean same = padding.equals("same");
    return TensorShape.of(
        in.get(0),
        Padding.outSize(in.get(1), kernelSize[0], strides[0], dilationRate[0], same),
        Padding.outSize(in.get(2), kernelSize[1], strides[1], dilationRate[1], same),
        filters);
  }

  @Override
  protected int minRank() {
    return 4;
  }

  @Override
  public Tensor call(Tensor x) {
    if (x.dim() != 4) {
      throw incompatible(
          "expected min_ndim=4, found ndim="
              + x.dim()
              + ". Full shape received: "
              + TensorShape.of(x).toTupleString());
    }
    if (x.size(3) != kernel.size(2)) {
      throw incompatible(
          "expected axis -1 of input shape to have value "
              + kernel.size(2)
              + ", but received input with shape "
              + TensorShape.of(x).toTupleString());
    }
    Tensor nchw = x.permute(0, 3, 1, 2);
    Tensor oihw = kernel.permute(3, 2, 0, 1);
    int[] pad = {0, 0};
    if (padding.equals("same")) {
      int[] h = Padding.same(x.size(1), kernelSize[0], strides[0], dilationRate[0]);
      int[] w = Padding.same(x.size(2), kernelSize[1], strides[1], dilationRate[1]);
      nchw = Padding.padBottomRight(nchw, h[1] - h[0], w[1] - w[0], 0.0);
      pad = new int[] {h[0], w[0]};
    }
    if ("relu".equals(activationName)) { // fused: the convolution's output is never stored
      Window2d w =
          new Window2d(
              kernelSize[0],
              kernelSize[1],
              strides[0],
              strides[1],
              pad[0],
              pad[1],
              dilationRate[0],
              dilationRate[1]);
      return Torch.conv2dRelu(nchw, oihw, bias, w, 1).permute(0, 2, 3, 1);
    }
    Tensor y = F.conv2d(nchw, oihw, bias, strides, pad, dilationRate, 1);
    return activation.apply(y.permute(0, 2, 3, 1));
  }

  @Override
  protected String extraRepr() {
    return "filters="
        + filters
        + ", kernel_size=("
        + kernelSize[0]
        + ", "
        + kernelSize[1]
        + "), strides=("
        + strides[0]
        + ", "
        + strides[1]
        + "), padding="
        + padding
        + ", activation="
        + (activationName == null ? "linear" : activationName);
  }
}
