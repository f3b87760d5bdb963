/**
 * Optimizers and learning-rate schedulers, as {@code torch.optim} (and the C++ front end's {@code
 * torch::optim}): {@link jtorch.optim.Optimizer} with parameter groups, per-parameter state and
 * state dicts; {@link jtorch.optim.SGD}, {@link jtorch.optim.Adadelta}, {@link jtorch.optim.Adam},
 * {@link jtorch.optim.AdamW}, {@link jtorch.optim.RMSprop}, {@link jtorch.optim.Adagrad}; and the
 * schedulers {@link jtorch.optim.StepLR}, {@link jtorch.optim.ExponentialLR}, {@link
 * jtorch.optim.CosineAnnealingLR} on {@link jtorch.optim.LRScheduler}.
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), 0.1).momentum(0.9);
 * var sched = new StepLR(opt, 30, 0.1);
 * for (int epoch = 0; epoch < 90; epoch++) {
 *   for (Batch b : loader) {
 *     opt.zeroGrad();
 *     F.crossEntropy(model.forward(b.input()), b.target()).backward();
 *     opt.step();
 *   }
 *   sched.step();
 * }
 * }</pre>
 *
 * <p>Options keep PyTorch's names inside parameter groups and state dicts ({@code lr}, {@code
 * weight_decay}, {@code betas}, ...), so a state dict reads like PyTorch's; the fluent setters use
 * Java's camelCase ({@code weightDecay(0.01)}). The update rules are PyTorch's single-tensor
 * ({@code foreach=False}) implementations, step for step.
 */
package jtorch.optim;
