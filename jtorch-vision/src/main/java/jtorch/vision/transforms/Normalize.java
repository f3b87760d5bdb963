package jtorch.vision.transforms;

import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.vision.internal.Pixels;
import jtorch.vision.internal.PyRepr;

/**
 * Normalizes each channel: {@code out[c] = (in[c] - mean[c]) / std[c]}, as <a
 * href="https://pytorch.org/vision/stable/generated/torchvision.transforms.Normalize.html">{@code
 * torchvision.transforms.Normalize}</a>. The input is a floating-point tensor {@code [..., C, H,
 * W]}; the mean and std are converted to its dtype first and the arithmetic is done in that dtype
 * (float32: {@code (x - (float) mean) / (float) std}), as torchvision's {@code
 * tensor.sub_(mean).div_(std)}.
 *
 * <pre>{@code
 * var norm = new Normalize(0.1302, 0.3069);                 // one value for every channel
 * norm.apply(new ToTensor().apply(mnist.data().get(0)));   // zero mean, unit std over MNIST
 * new Normalize(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});
 * System.out.println(norm);                                // Normalize(mean=[0.1302], std=[0.3069])
 * }</pre>
 */
public final class Normalize implements Transform {
  private final double[] mean;
  private final double[] std;

  /** The same mean and standard deviation for every channel. */
  public Normalize(double mean, double std) {
    this(new double[] {mean}, new double[] {std});
  }

  /**
   * One mean and standard deviation per channel (or one value for all of them).
   *
   * @throws IllegalArgumentException when the lengths differ, are zero, or a std is 0
   */
  public Normalize(double[] mean, double[] std) {
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException(
          "Normalize: mean and std must have the same, non-zero length, got "
              + mean.length
              + " and "
              + std.length);
    }
    for (double s : std) {
      if (s == 0) {
        throw new IllegalArgumentException(
            "Normalize: std evaluated to zero, leading to division by zero: " + PyRepr.list(std));
      }
    }
    this.mean = mean.clone();
    this.std = std.clone();
  }

  /** The per-channel means. */
  public double[] mean() {
    return mean.clone();
  }

  /** The per-channel standard deviations. */
  public double[] std() {
    return std.clone();
  }

  @Override
  public Tensor apply(Tensor tensor) {
    if (!tensor.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "Normalize: input tensor should be a float tensor. Got "
              + tensor.dtype()
              + "; apply ToTensor() first");
    }
    if (tensor.dim() < 3) {
      throw new IllegalArgumentException(
          "Normalize: expected tensor to be a tensor image of size (..., C, H, W). Got"
              + " tensor.size() = "
              + Pixels.shapeString(tensor));
    }
    int channels = (int) tensor.size(-3);
    if (mean.length != 1 && mean.length != channels) {
      throw new IllegalArgumentException(
          "Normalize: "
              + mean.length
              + " means and stds for an image with "
              + channels
              + " channels (shape "
              + Pixels.shapeString(tensor)
              + "); pass one value per channel or a single value");
    }
    if (tensor.dtype() == DType.FLOAT32) {
      return applyFloat32(tensor, channels);
    }
    Tensor m = Torch.tensor(expand(mean, channels)).to(tensor.dtype()).view(-1, 1, 1);
    Tensor s = Torch.tensor(expand(std, channels)).to(tensor.dtype()).view(-1, 1, 1);
    if (s.eq(0.0).sum().item() != 0) {
      throw new IllegalArgumentException(zeroStd(tensor.dtype()));
    }
    return tensor.sub(m).div(s);
  }

  private Tensor applyFloat32(Tensor tensor, int channels) {
    float[] x = Pixels.toFloat32Array(tensor);
    int plane = (int) (tensor.size(-2) * tensor.size(-1));
    float[] m = new float[channels];
    float[] s = new float[channels];
    for (int c = 0; c < channels; c++) {
      m[c] = (float) mean[mean.length == 1 ? 0 : c];
      s[c] = (float) std[std.length == 1 ? 0 : c];
      if (s[c] == 0f) {
        throw new IllegalArgumentException(zeroStd(DType.FLOAT32));
      }
    }
    for (int p = 0, n = x.length / plane; p < n; p++) {
      float mc = m[p % channels];
      float sc = s[p % channels];
      for (int i = p * plane, end = i + plane; i < end; i++) {
        x[i] = (x[i] - mc) / sc;
      }
    }
    return Pixels.float32Tensor(x, Pixels.shape(tensor));
  }

  private static double[] expand(double[] v, int channels) {
    double[] out = new double[channels];
    for (int c = 0; c < channels; c++) {
      out[c] = v[v.length == 1 ? 0 : c];
    }
    return out;
  }

  private String zeroStd(DType dtype) {
    return "Normalize: std evaluated to zero after conversion to "
        + dtype
        + ", leading to division by zero: "
        + PyRepr.list(std);
  }

  /**
   * As torchvision's repr, with the values as lists: {@code Normalize(mean=[0.1302],
   * std=[0.3069])}.
   */
  @Override
  public String toString() {
    return "Normalize(mean=" + PyRepr.list(mean) + ", std=" + PyRepr.list(std) + ")";
  }
}
