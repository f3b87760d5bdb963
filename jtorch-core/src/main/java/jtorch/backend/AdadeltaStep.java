package jtorch.backend;

/**
 * The options of one fused {@code torch.optim.Adadelta} step ({@link Backend#adadelta}).
 *
 * @param lr learning rate
 * @param rho decay of the running averages
 * @param eps term added inside both square roots
 * @param weightDecay L2 penalty added to the gradient
 * @param maximize whether the gradient is negated first
 */
public record AdadeltaStep(
    double lr, double rho, double eps, double weightDecay, boolean maximize) {}
