package jtorch.nn.functional;

import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.backend.Window2d;

/**
 * Every layer as a function, and the losses, as {@code torch.nn.functional}. Layers delegate here,
 * so the math exists once.
 *
 * <pre>{@code
 * Tensor x = F.relu(F.conv2d(images, weight, bias));
 * Tensor loss = F.nllLoss(F.logSoftmax(logits, 1), labels);                 // mean
 * Tensor total = F.crossEntropy(logits, labels, Reduction.SUM);
 * }</pre>
 *
 * <p>See <a href="https://pytorch.org/docs/stable/nn.functional.html">torch.nn.functional</a>.
 */
public final class F {
  private F() {}

  // ---- activations ----------------------------------------------------------------------------

  /** {@code max(x, 0)}. */
  public static Tensor relu(Tensor x) {
    return x.relu();
  }

  /** Logistic sigmoid. */
  public static Tensor sigmoid(Tensor x) {
    return x.sigmoid();
  }

  /** Hyperbolic tangent. */
  public static Tensor tanh(Tensor x) {
    return x.tanh();
  }

  /** Softmax along {@code dim}. */
  public static Tensor softmax(Tensor x, int dim) {
    return x.softmax(dim);
  }

  /** Log-softmax along {@code dim}. */
  public static Tensor logSoftmax(Tensor x, int dim) {
    return x.logSoftmax(dim);
  }

  // ---- linear and convolution -----------------------------------------------------------------

  /** {@code x @ weight^T + bias}; {@code bias} may be null. */
  public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
    if (weight.dim() != 2) {
      throw new IllegalArgumentException(
          "linear: weight must be 2-D [out_features, in_features], got " + weight.shape());
    }
    if (x.dim() == 0 || x.size(-1) != weight.size(1)) {
      throw new IllegalArgumentException(
          "linear: mat1 and mat2 shapes cannot be multiplied ("
              + rows(x)
              + "x"
              + (x.dim() == 0 ? 1 : x.size(-1))
              + " and "
              + weight.size(1)
              + "x"
              + weight.size(0)
              + "): the weight expects "
              + weight.size(1)
              + " input features but the input has "
              + (x.dim() == 0 ? 1 : x.size(-1)));
    }
    Tensor y = x.matmul(weight.t());
    return bias == null ? y : y.add(bias);
  }

  private static long rows(Tensor x) {
    return x.dim() <= 1 ? 1 : x.numel() / x.size(-1);
  }

  /** Convolution with stride 1, no padding. */
  public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) {
    return conv2d(x, weight, bias, 1, 0, 1, 1);
  }

  /** Convolution with the same stride, padding and dilation on both axes. */
  public static Tensor conv2d(
      Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
    return conv2d(
        x,
        weight,
        bias,
        new int[] {stride, stride},
        new int[] {padding, padding},
        new int[] {dilation, dilation},
        groups);
  }

  /**
   * Convolution with per-axis (height, width) stride, padding and dilation; the input is [N, C, H,
   * W], or [C, H, W] unbatched.
   */
  public static Tensor conv2d(
      Tensor x,
      Tensor weight,
      Tensor bias,
      int[] stride,
      int[] padding,
      int[] dilation,
      int groups) {
    if (x.dim() == 3) {
      return conv2d(x.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0);
    }
    return Convolution.conv2d(x, weight, bias, stride, padding, dilation, groups);
  }

  /**
   * Convolution with {@code padding} {@code "valid"} (none) or {@code "same"} (output as large as
   * the input; stride 1 only), as {@code F.conv2d(..., padding='same')}.
   */
  public static Tensor conv2d(
      Tensor x,
      Tensor weight,
      Tensor bias,
      int[] stride,
      String padding,
      int[] dilation,
      int groups) {
    if (x.dim() == 3) {
      return conv2d(x.unsqueeze(0), weight, bias, stride, padding, dilation, groups).squeeze(0);
    }
    switch (padding) {
      case "valid" -> {
        return conv2d(x, weight, bias, stride, new int[] {0, 0}, dilation, groups);
      }
      case "same" -> {
        if (stride[0] != 1 || stride[1] != 1) {
          throw new IllegalArgumentException(
              "conv2d: padding='same' is not supported for strided convolutions");
        }
        int[] p = Convolution.samePadding((int) weight.size(2), (int) weight.size(3), dilation);
        Tensor in = x;
        int[] sym = {Math.min(p[0], p[1]), Math.min(p[2], p[3])};
        if (p[0] != p[1] || p[2] != p[3]) {
          in = Convolution.pad(x, new int[] {0, p[1] - p[0], 0, p[3] - p[2]});
        }
        return conv2d(in, weight, bias, stride, sym, dilation, groups);
      }
      default ->
          throw new IllegalArgumentException(
              "conv2d: Invalid padding string '" + padding + "', should be one of valid, same");
    }
  }

  // ---- pooling --------------------------------------------------------------------------------

  /** Max pooling with stride = kernel size. */
  public static Tensor maxPool2d(Tensor x, int kernelSize) {
    return maxPool2d(x, kernelSize, kernelSize, 0, 1);
  }

  /** Max pooling of [N, C, H, W], or [C, H, W] unbatched. */
  public static Tensor maxPool2d(Tensor x, int kernelSize, int stride, int padding, int dilation) {
    if (x.dim() == 3) {
      return maxPool2d(x.unsqueeze(0), kernelSize, stride, padding, dilation).squeeze(0);
    }
    return Torch.maxPool2dWithIndices(
            x,
            new Window2d(
                kernelSize, kernelSize, stride, stride, padding, padding, dilation, dilation))
        .values();
  }

  /** Average pooling with stride = kernel size. */
  public static Tensor avgPool2d(Tensor x, int kernelSize) {
    return avgPool2d(x, kernelSize, kernelSize, 0);
  }

  /**
   * Average pooling of [N, C, H, W] (or [C, H, W] unbatched); padded zeros count in the average, as
   * PyTorch's default.
   */
  public static Tensor avgPool2d(Tensor x, int kernelSize, int stride, int padding) {
    if (x.dim() == 3) {
      return avgPool2d(x.unsqueeze(0), kernelSize, stride, padding).squeeze(0);
    }
    if (x.dim() != 4) {
      throw new IllegalArgumentException(
          "avgPool2d: expected a 4-D input [N, C, H, W] (or 3-D unbatched), got " + x.shape());
    }
    if (padding * 2 > kernelSize) {
      throw new IllegalArgumentException(
          "avgPool2d: pad should be at most half of kernel size, but got pad="
              + padding
              + " and kernel_size="
              + kernelSize);
    }
    Window2d w = new Window2d(kernelSize, kernelSize, stride, stride, padding, padding, 1, 1);
    long n = x.size(0);
    long c = x.size(1);
    Tensor planes = x.reshape(n * c, 1, x.size(2), x.size(3));
    Tensor cols = Torch.im2col(planes, w); // [N*C, k*k, L]
    return cols.mean(1).reshape(n, c, w.outH(x.size(2)), w.outW(x.size(3)));
  }

  // ---- regularisation, shape ------------------------------------------------------------------

  /** Zeroes elements with probability {@code p} and scales the rest by {@code 1/(1-p)}. */
  public static Tensor dropout(Tensor x, double p, boolean training) {
    if (p < 0 || p > 1) {
      throw new IllegalArgumentException(
          "dropout probability has to be between 0 and 1, but got " + p);
    }
    if (!training || p == 0) {
      return x;
    }
    if (p == 1) {
      return x.mul(0.0);
    }
    if (x.dtype() == DType.FLOAT32 || x.dtype() == DType.FLOAT64) {
      // One recorded product with a mask of 0 and 1/(1-p) (the scale rounded to x's dtype, as
      // x.mul(keep).mul(scale) rounds it, so the values are the same): one op less forward and
      // two less backward.
      Tensor mask;
      try (var guard = Torch.noGrad()) {
        mask = Torch.empty(x.shape().toArray(), x.dtype(), x.device()).bernoulli_(1 - p);
        mask.mul_(1.0 / (1 - p));
      }
      return x.mul(mask);
    }
    Tensor keep = Torch.empty(x.shape().toArray(), DType.BOOL, x.device()).bernoulli_(1 - p);
    return x.mul(keep).mul(1.0 / (1 - p));
  }

  /** Flattens all dimensions, as {@code torch.flatten(x)}. */
  public static Tensor flatten(Tensor x) {
    return x.flatten();
  }

  /** Flattens dimensions from {@code startDim} on, as {@code torch.flatten(x, start_dim)}. */
  public static Tensor flatten(Tensor x, int startDim) {
    return x.flatten(startDim, -1);
  }

  /** Batch normalisation over dim 1; running statistics are updated in training mode. */
  public static Tensor batchNorm(
      Tensor x,
      Tensor runningMean,
      Tensor runningVar,
      Tensor weight,
      Tensor bias,
      boolean training,
      double momentum,
      double eps) {
    return Normalization.batchNorm(
        x, runningMean, runningVar, weight, bias, training, momentum, eps);
  }

  // ---- losses ---------------------------------------------------------------------------------

  /** Negative log-likelihood of log-probabilities [N, C] at int64 targets [N], averaged. */
  public static Tensor nllLoss(Tensor input, Tensor target) {
    return nllLoss(input, target, null, -100, Reduction.MEAN);
  }

  /** Negative log-likelihood with a reduction. */
  public static Tensor nllLoss(Tensor input, Tensor target, Reduction reduction) {
    return nllLoss(input, target, null, -100, reduction);
  }

  /**
   * Negative log-likelihood with class weights (or null) and an ignored target value; the mean
   * divides by the total weight of the targets not ignored, as PyTorch does.
   */
  public static Tensor nllLoss(
      Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
    return Losses.nllLoss(input, target, weight, ignoreIndex, reduction);
  }

  /** Cross-entropy of logits [N, C] and int64 targets [N] (or class probabilities), averaged. */
  public static Tensor crossEntropy(Tensor input, Tensor target) {
    return crossEntropy(input, target, null, -100, Reduction.MEAN);
  }

  /** Cross-entropy with a reduction. */
  public static Tensor crossEntropy(Tensor input, Tensor target, Reduction reduction) {
    return crossEntropy(input, target, null, -100, reduction);
  }

  /** Cross-entropy with class weights (or null), an ignored target value and a reduction. */
  public static Tensor crossEntropy(
      Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
    return Losses.crossEntropy(input, target, weight, ignoreIndex, reduction);
  }

  /** Mean squared error. */
  public static Tensor mseLoss(Tensor input, Tensor target) {
    return mseLoss(input, target, Reduction.MEAN);
  }

  /** Squared error with a reduction. */
  public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
    return Losses.mseLoss(input, target, reduction);
  }

  /** Binary cross-entropy of probabilities; logs are clamped at -100 as in PyTorch. */
  public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
    return binaryCrossEntropy(input, target, null, Reduction.MEAN);
  }

  /** Binary cross-entropy with element weights (or null) and a reduction. */
  public static Tensor binaryCrossEntropy(
      Tensor input, Tensor target, Tensor weight, Reduction reduction) {
    return Losses.binaryCrossEntropy(input, target, weight, reduction);
  }

  /** Binary cross-entropy of logits, computed stably. */
  public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
    return binaryCrossEntropyWithLogits(input, target, null, null, Reduction.MEAN);
  }

  /** Binary cross-entropy of logits with weights, positive-class weights (or nulls). */
  public static Tensor binaryCrossEntropyWithLogits(
      Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction reduction) {
    return Losses.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction);
  }
}
