package jtorch.optim;

/**
 * Multiplies each group's lr by {@code gamma} every {@code stepSize} epochs, as {@code
 * torch.optim.lr_scheduler.StepLR}: {@code lr = base_lr * gamma^(epoch / step_size)}.
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), 0.05);
 * var sched = new StepLR(opt, 30, 0.1);   // 0.05 for epochs 0-29, 0.005 for 30-59, ...
 * for (int epoch = 0; epoch < 100; epoch++) {
 *   train(model, opt);
 *   sched.step();
 * }
 * }</pre>
 *
 * <p>See <a
 * href="https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.StepLR.html">StepLR</a>.
 */
public class StepLR extends LRScheduler {
  private final int stepSize;
  private final double gamma;

  /** Decays by 0.1 every {@code stepSize} epochs. */
  public StepLR(Optimizer optimizer, int stepSize) {
    this(optimizer, stepSize, 0.1);
  }

  /** Decays by {@code gamma} every {@code stepSize} epochs. */
  public StepLR(Optimizer optimizer, int stepSize, double gamma) {
    super(optimizer);
    if (stepSize <= 0) {
      throw new IllegalArgumentException("StepLR: step_size must be positive, got " + stepSize);
    }
    this.stepSize = stepSize;
    this.gamma = gamma;
    initialStep();
  }

  @Override
  protected double computeLr(double groupLr, double baseLr) {
    int epoch = lastEpoch();
    if (epoch == 0 || epoch % stepSize != 0) {
      return groupLr;
    }
    return groupLr * gamma;
  }
}
