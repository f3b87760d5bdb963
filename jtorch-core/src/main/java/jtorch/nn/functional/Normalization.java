package jtorch.nn.functional;

import jtorch.Tensor;
import jtorch.Torch;

/** Batch normalisation over the channel dimension (dim 1). */
final class Normalization {
  private Normalization() {}

  static Tensor batchNorm(
      Tensor x,
      Tensor runningMean,
      Tensor runningVar,
      Tensor weight,
      Tensor bias,
      boolean training,
      double momentum,
      double eps) {
    if (x.dim() < 2) {
      throw new IllegalArgumentException(
          "batchNorm: expected at least 2-D input [N, C, ...], got " + x.shape());
    }
    long c = x.size(1);
    int[] dims = new int[x.dim() - 1];
    dims[0] = 0;
    for (int i = 2; i < x.dim(); i++) {
      dims[i - 1] = i;
    }
    long[] bshape = new long[x.dim()];
    java.util.Arrays.fill(bshape, 1);
    bshape[1] = c;
    Tensor mean;
    Tensor var;
    if (training) {
      long count = x.numel() / c;
      if (count <= 1) {
        throw new IllegalArgumentException(
            "batchNorm: Expected more than 1 value per channel when training, got input size "
                + x.shape());
      }
      mean = x.mean(dims, true);
      Tensor centered = x.sub(mean);
      var = centered.mul(centered).mean(dims, true);
      if (runningMean != null) {
        try (var guard = Torch.noGrad()) {
          Tensor unbiased = var.detach().mul((double) count / (count - 1)).reshape(c);
          runningMean.mul_(1 - momentum).add_(mean.detach().reshape(c).mul(momentum));
          runningVar.mul_(1 - momentum).add_(unbiased.mul(momentum));
        }
      }
    } else {
      mean = runningMean.view(bshape);
      var = runningVar.view(bshape);
    }
    Tensor y = x.sub(mean).div(var.add(eps).sqrt());
    if (weight != null) {
      y = y.mul(weight.view(bshape));
    }
    if (bias != null) {
      y = y.add(bias.view(bshape));
    }
    return y;
  }
}
