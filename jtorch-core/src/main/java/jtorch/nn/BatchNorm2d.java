package jtorch.nn;

import jtorch.Tensor;

/**
 * Batch normalisation of [N, C, H, W] inputs over N, H and W, as {@code torch.nn.BatchNorm2d}.
 *
 * <pre>{@code
 * new BatchNorm2d(16).forward(Torch.randn(8, 16, 5, 5)).shape();   // [8, 16, 5, 5]
 * }</pre>
 */
public class BatchNorm2d extends BatchNorm {

  /** With PyTorch's defaults (eps 1e-5, momentum 0.1). */
  public BatchNorm2d(long numFeatures) {
    super(numFeatures, 1e-5, 0.1);
  }

  @Override
  protected void checkInput(Tensor x) {
    if (x.dim() != 4) {
      throw new IllegalArgumentException(
          "BatchNorm2d: expected 4D input (got " + x.dim() + "D input " + x.shape() + ")");
    }
  }
}
