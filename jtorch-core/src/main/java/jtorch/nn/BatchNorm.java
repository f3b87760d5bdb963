package jtorch.nn;

import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.nn.functional.F;

/** The shared state and arithmetic of {@link BatchNorm1d} and {@link BatchNorm2d}. */
public abstract class BatchNorm extends Module {
  private final long numFeatures;
  private final double eps;
  private final double momentum;

  /** Scale [C], or null without affine. */
  public final Parameter weight;

  /** Shift [C], or null without affine. */
  public final Parameter bias;

  /** Running mean [C]. */
  public final Tensor runningMean;

  /** Running (unbiased) variance [C]. */
  public final Tensor runningVar;

  /** Number of training batches seen (int64, 0-d). */
  public final Tensor numBatchesTracked;

  /** With eps 1e-5, momentum 0.1, affine parameters and running statistics. */
  protected BatchNorm(long numFeatures, double eps, double momentum) {
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    weight = registerParameter("weight", Torch.ones(numFeatures));
    bias = registerParameter("bias", Torch.zeros(numFeatures));
    runningMean = registerBuffer("running_mean", Torch.zeros(numFeatures));
    runningVar = registerBuffer("running_var", Torch.ones(numFeatures));
    numBatchesTracked =
        registerBuffer("num_batches_tracked", Torch.zeros(new long[0], DType.INT64));
  }

  /** Checks the input rank. */
  protected abstract void checkInput(Tensor x);

  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    if (x.size(1) != numFeatures) {
      throw new IllegalArgumentException(
          this + ": expected " + numFeatures + " channels at dim 1, got input " + x.shape());
    }
    if (isTraining()) {
      try (var guard = Torch.noGrad()) {
        numBatchesTracked.add_(Torch.tensor(1L));
      }
    }
    return F.batchNorm(x, runningMean, runningVar, weight, bias, isTraining(), momentum, eps);
  }

  @Override
  protected String extraRepr() {
    return numFeatures
        + ", eps="
        + PyRepr.of(eps)
        + ", momentum="
        + PyRepr.of(momentum)
        + ", affine=True, track_running_stats=True";
  }
}
