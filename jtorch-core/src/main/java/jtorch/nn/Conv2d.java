package jtorch.nn;

import jtorch.Tensor;
import jtorch.Torch;
import jtorch.backend.Window2d;
import jtorch.nn.functional.F;
import jtorch.nn.init.Init;

/**
 * 2-D convolution over [N, C, H, W] inputs, as {@code torch.nn.Conv2d}, with PyTorch's default
 * initialisation.
 *
 * <pre>{@code
 * Conv2d cn1 = new Conv2d(1, 16, 3, 1);
 * cn1.forward(Torch.randn(32, 1, 28, 28)).shape();  // [32, 16, 26, 26]
 * System.out.println(cn1);   // Conv2d(1, 16, kernel_size=(3, 3), stride=(1, 1))
 * }</pre>
 */
public class Conv2d extends Module {
  private final Conv2dOptions o;

  /** The weight [out, in / groups, kH, kW]. */
  public final Parameter weight;

  /** The bias [out], or null. */
  public final Parameter bias;

  /** Square kernel, stride 1. */
  public Conv2d(int inChannels, int outChannels, int kernelSize) {
    this(new Conv2dOptions(inChannels, outChannels, kernelSize));
  }

  /** Square kernel with a stride, as {@code nn.Conv2d(1, 16, 3, 1)}. */
  public Conv2d(int inChannels, int outChannels, int kernelSize, int stride) {
    this(new Conv2dOptions(inChannels, outChannels, kernelSize).stride(stride));
  }

  /** A convolution with all options. */
  public Conv2d(Conv2dOptions options) {
    this.o = options;
    if (o.inChannels % o.groups != 0 || o.outChannels % o.groups != 0) {
      throw new IllegalArgumentException(
          "Conv2d: in_channels ("
              + o.inChannels
              + ") and out_channels ("
              + o.outChannels
              + ") must be divisible by groups ("
              + o.groups
              + ")");
    }
    weight =
        registerParameter(
            "weight",
            Torch.empty(o.outChannels, o.inChannels / o.groups, o.kernelSize[0], o.kernelSize[1]));
    bias = registerParameter("bias", o.bias ? Torch.empty(o.outChannels) : null);
    Init.kaimingUniform_(weight, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu");
    if (bias != null) {
      double b = 1 / Math.sqrt(Init.fans(weight)[0]);
      Init.uniform_(bias, -b, b);
    }
  }

  @Override
  public Tensor forward(Tensor x) {
    check(x);
    if (o.paddingMode != null) {
      return F.conv2d(x, weight, bias, o.stride, o.paddingMode, o.dilation, o.groups);
    }
    return F.conv2d(x, weight, bias, o.stride, o.padding, o.dilation, o.groups);
  }

  /**
   * {@code forward(x).relu()}, fused into one op ({@link Torch#conv2dRelu}) for a batched input
   * with numeric padding: what {@link Sequential} runs for this layer followed by a {@link ReLU}.
   */
  Tensor forwardRelu(Tensor x) {
    check(x);
    if (x.dim() != 4 || o.paddingMode != null) {
      return forward(x).relu();
    }
    return Torch.conv2dRelu(x, weight, bias, window(), o.groups);
  }

  /**
   * {@code pool.forward(forward(x).relu())}, fused into one op ({@link Torch#conv2dReluMaxPool2d})
   * for a batched input with numeric padding: what {@link Sequential} runs for this layer followed
   * by a {@link ReLU} and a {@link MaxPool2d}.
   */
  Tensor forwardReluMaxPool(Tensor x, MaxPool2d pool) {
    check(x);
    if (x.dim() != 4 || o.paddingMode != null) {
      return pool.forward(forward(x).relu());
    }
    return Torch.conv2dReluMaxPool2d(x, weight, bias, window(), o.groups, pool.window());
  }

  private Window2d window() {
    return new Window2d(
        o.kernelSize[0],
        o.kernelSize[1],
        o.stride[0],
        o.stride[1],
        o.padding[0],
        o.padding[1],
        o.dilation[0],
        o.dilation[1]);
  }

  private void check(Tensor x) {
    if (x.dim() != 4 && x.dim() != 3) {
      throw new IllegalArgumentException(
          this
              + ": expected a 4-D input [N, C, H, W] (or 3-D [C, H, W] unbatched), got "
              + x.dim()
              + "-D "
              + x.shape());
    }
    if (x.size(-3) != o.inChannels) {
      throw new IllegalArgumentException(
          this
              + ": expected input "
              + x.shape()
              + " to have "
              + o.inChannels
              + " channels, but got "
              + x.size(-3)
              + " channels instead");
    }
  }

  @Override
  protected String extraRepr() {
    StringBuilder sb = new StringBuilder();
    sb.append(o.inChannels).append(", ").append(o.outChannels);
    sb.append(", kernel_size=").append(pair(o.kernelSize));
    sb.append(", stride=").append(pair(o.stride));
    if (o.paddingMode != null) {
      sb.append(", padding=").append(o.paddingMode);
    } else if (o.padding[0] != 0 || o.padding[1] != 0) {
      sb.append(", padding=").append(pair(o.padding));
    }
    if (o.dilation[0] != 1 || o.dilation[1] != 1) {
      sb.append(", dilation=").append(pair(o.dilation));
    }
    if (o.groups != 1) {
      sb.append(", groups=").append(o.groups);
    }
    if (bias == null) {
      sb.append(", bias=False");
    }
    return sb.toString();
  }

  static String pair(int[] v) {
    return "(" + v[0] + ", " + v[1] + ")";
  }
}
