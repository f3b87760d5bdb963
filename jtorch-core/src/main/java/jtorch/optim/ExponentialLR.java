package jtorch.optim;

/**
 * Multiplies each group's lr by {@code gamma} every epoch, as {@code
 * torch.optim.lr_scheduler.ExponentialLR}: {@code lr = base_lr * gamma^epoch}.
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), 1e-3);
 * var sched = new ExponentialLR(opt, 0.95);
 * for (int epoch = 0; epoch < 20; epoch++) {
 *   train(model, opt);
 *   sched.step();
 * }
 * }</pre>
 *
 * <p>See <a
 * href="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ExponentialLR.html">ExponentialLR</a>.
 */
public class ExponentialLR extends LRScheduler {
  private final double gamma;

  /** Decays by {@code gamma} each epoch. */
  public ExponentialLR(Optimizer optimizer, double gamma) {
    super(optimizer);
    this.gamma = gamma;
    initialStep();
  }

  @Override
  protected double computeLr(double groupLr, double baseLr) {
    return lastEpoch() == 0 ? groupLr : groupLr * gamma;
  }
}
