package jtorch.optim;

/**
 * Anneals each group's lr along a cosine from its base lr down to {@code etaMin} over {@code tMax}
 * epochs (then back up, periodically), as {@code torch.optim.lr_scheduler.CosineAnnealingLR}:
 * {@code lr = eta_min + (base_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2}, computed with
 * PyTorch's recursive form so the values match its {@code get_last_lr()}.
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), 0.1).momentum(0.9);
 * var sched = new CosineAnnealingLR(opt, 200);
 * for (int epoch = 0; epoch < 200; epoch++) {
 *   train(model, opt);
 *   sched.step();
 * }
 * }</pre>
 *
 * <p>See <a
 * href="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html">CosineAnnealingLR</a>.
 */
public class CosineAnnealingLR extends LRScheduler {
  private final int tMax;
  private final double etaMin;

  /** Anneals to 0 over {@code tMax} epochs. */
  public CosineAnnealingLR(Optimizer optimizer, int tMax) {
    this(optimizer, tMax, 0);
  }

  /** Anneals to {@code etaMin} over {@code tMax} epochs. */
  public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
    super(optimizer);
    if (tMax <= 0) {
      throw new IllegalArgumentException("CosineAnnealingLR: T_max must be positive, got " + tMax);
    }
    this.tMax = tMax;
    this.etaMin = etaMin;
    initialStep();
  }

  @Override
  protected double computeLr(double groupLr, double baseLr) {
    int epoch = lastEpoch();
    if (epoch == 0) {
      return groupLr;
    }
    if (Math.floorMod(epoch - 1 - tMax, 2 * tMax) == 0) {
      return groupLr + (baseLr - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
    }
    return (1 + Math.cos(Math.PI * epoch / tMax))
            / (1 + Math.cos(Math.PI * (epoch - 1) / tMax))
            * (groupLr - etaMin)
        + etaMin;
  }
}
