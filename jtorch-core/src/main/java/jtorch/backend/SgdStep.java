package jtorch.backend;

/**
 * The options of one fused {@code torch.optim.SGD} step ({@link Backend#sgd}).
 *
 * <pre>{@code
 * new SgdStep(0.1, 0.9, 0, 5e-4, true, false, false);   // lr 0.1, Nesterov momentum 0.9, L2 5e-4
 * }</pre>
 *
 * @param lr learning rate
 * @param momentum momentum factor; 0 means no momentum buffer
 * @param dampening dampening of the momentum
 * @param weightDecay L2 penalty added to the gradient
 * @param nesterov whether the step uses Nesterov momentum
 * @param maximize whether the gradient is negated first
 * @param firstStep whether the momentum buffer is written with the gradient instead of updated (the
 *     parameter's first step, as PyTorch clones the gradient into a new buffer)
 */
public record SgdStep(
    double lr,
    double momentum,
    double dampening,
    double weightDecay,
    boolean nesterov,
    boolean maximize,
    boolean firstStep) {}
