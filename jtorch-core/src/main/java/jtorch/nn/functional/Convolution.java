package jtorch.nn.functional;

import jtorch.Tensor;
import jtorch.Torch;
import jtorch.backend.Window2d;

/**
 * 2-D convolution: PyTorch's argument checks and messages, then the {@link Torch#conv2d} primitive
 * (im2col and a matrix product per group, fused by the CPU backend one sample at a time).
 */
final class Convolution {
  private Convolution() {}

  static Tensor conv2d(
      Tensor x,
      Tensor weight,
      Tensor bias,
      int[] stride,
      int[] padding,
      int[] dilation,
      int groups) {
    if (x.dim() != 4) {
      throw new IllegalArgumentException(
          "conv2d: Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: "
              + x.shape());
    }
    if (weight.dim() != 4) {
      throw new IllegalArgumentException(
          "conv2d: weight must be 4-D [out_channels, in_channels/groups, kH, kW], got "
              + weight.shape());
    }
    long c = x.size(1);
    long out = weight.size(0);
    long cg = weight.size(1);
    if (groups < 1 || c % groups != 0 || out % groups != 0) {
      throw new IllegalArgumentException(
          "conv2d: in_channels ("
              + c
              + ") and out_channels ("
              + out
              + ") must both be divisible by groups ("
              + groups
              + ")");
    }
    if (cg * groups != c) {
      throw new IllegalArgumentException(
          "conv2d: Given groups="
              + groups
              + ", weight of size "
              + weight.shape()
              + ", expected input"
              + x.shape()
              + " to have "
              + cg * groups
              + " channels, but got "
              + c
              + " channels instead");
    }
    int kh = (int) weight.size(2);
    int kw = (int) weight.size(3);
    Window2d w =
        new Window2d(
            kh, kw, stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1]);
    return Torch.conv2d(x, weight, bias, w, groups);
  }

  /**
   * The padding of {@code padding="same"}: total {@code dilation * (k - 1)} per axis, split with
   * the extra element at the end; returns {left, right} for each axis as {top, bottom, left,
   * right}.
   */
  static int[] samePadding(int kh, int kw, int[] dilation) {
    int th = dilation[0] * (kh - 1);
    int tw = dilation[1] * (kw - 1);
    return new int[] {th / 2, th - th / 2, tw / 2, tw - tw / 2};
  }

  /** Zero-pads the last two dimensions by {top, bottom, left, right}. */
  static Tensor pad(Tensor x, int[] p) {
    Tensor r = x;
    long[] s = r.shape().toArray();
    if (p[0] + p[1] > 0) {
      s[2] = p[0];
      Tensor top = Torch.zeros(s, r.dtype(), r.device());
      s[2] = p[1];
      Tensor bottom = Torch.zeros(s, r.dtype(), r.device());
      r = Torch.cat(new Tensor[] {top, r, bottom}, 2);
      s = r.shape().toArray();
    }
    if (p[2] + p[3] > 0) {
      s[3] = p[2];
      Tensor left = Torch.zeros(s, r.dtype(), r.device());
      s[3] = p[3];
      Tensor right = Torch.zeros(s, r.dtype(), r.device());
      r = Torch.cat(new Tensor[] {left, r, right}, 3);
    }
    return r;
  }
}
