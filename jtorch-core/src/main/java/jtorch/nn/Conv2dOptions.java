package jtorch.nn;

/**
 * Options of {@link Conv2d}, as {@code torch::nn::Conv2dOptions}: required sizes in the
 * constructor, the rest as fluent setters with PyTorch's defaults.
 *
 * <pre>{@code
 * new Conv2d(new Conv2dOptions(16, 32, 3).stride(2).padding(1).bias(false));
 * }</pre>
 */
public final class Conv2dOptions {
  final int inChannels;
  final int outChannels;
  final int[] kernelSize;
  int[] stride = {1, 1};
  int[] padding = {0, 0};
  String paddingMode;
  int[] dilation = {1, 1};
  int groups = 1;
  boolean bias = true;

  /** Square kernel. */
  public Conv2dOptions(int inChannels, int outChannels, int kernelSize) {
    this(inChannels, outChannels, kernelSize, kernelSize);
  }

  /** Kernel of {@code kernelH x kernelW}. */
  public Conv2dOptions(int inChannels, int outChannels, int kernelH, int kernelW) {
    if (inChannels <= 0 || outChannels <= 0 || kernelH <= 0 || kernelW <= 0) {
      throw new IllegalArgumentException(
          "Conv2d: channels and kernel size must be positive, got in="
              + inChannels
              + ", out="
              + outChannels
              + ", kernel=("
              + kernelH
              + ", "
              + kernelW
              + ")");
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = new int[] {kernelH, kernelW};
  }

  /** Stride on both axes (default 1). */
  public Conv2dOptions stride(int s) {
    return stride(s, s);
  }

  /** Stride per axis. */
  public Conv2dOptions stride(int h, int w) {
    stride = new int[] {h, w};
    return this;
  }

  /** Zero padding on both axes (default 0). */
  public Conv2dOptions padding(int p) {
    return padding(p, p);
  }

  /** Zero padding per axis. */
  public Conv2dOptions padding(int h, int w) {
    padding = new int[] {h, w};
    paddingMode = null;
    return this;
  }

  /** {@code "same"} or {@code "valid"}, as {@code padding='same'}. */
  public Conv2dOptions padding(String mode) {
    if (!mode.equals("same") && !mode.equals("valid")) {
      throw new IllegalArgumentException(
          "Conv2d: Invalid padding string '" + mode + "', should be one of valid, same");
    }
    paddingMode = mode;
    return this;
  }

  /** Dilation on both axes (default 1). */
  public Conv2dOptions dilation(int d) {
    dilation = new int[] {d, d};
    return this;
  }

  /** Number of channel groups (default 1). */
  public Conv2dOptions groups(int g) {
    groups = g;
    return this;
  }

  /** Whether to learn a bias (default true). */
  public Conv2dOptions bias(boolean b) {
    bias = b;
    return this;
  }
}
