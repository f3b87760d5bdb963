package jtorch.nn;

import jtorch.Tensor;

/**
 * Batch normalisation of [N, C] or [N, C, L] inputs, as {@code torch.nn.BatchNorm1d}.
 *
 * <pre>{@code
 * System.out.println(new BatchNorm1d(64));
 * // BatchNorm1d(64, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
 * }</pre>
 */
public class BatchNorm1d extends BatchNorm {

  /** With PyTorch's defaults (eps 1e-5, momentum 0.1). */
  public BatchNorm1d(long numFeatures) {
    super(numFeatures, 1e-5, 0.1);
  }

  @Override
  protected void checkInput(Tensor x) {
    if (x.dim() != 2 && x.dim() != 3) {
      throw new IllegalArgumentException(
          "BatchNorm1d: expected 2D or 3D input (got " + x.dim() + "D input " + x.shape() + ")");
    }
  }
}
