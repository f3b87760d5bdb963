package jtorch.optim;

import java.util.List;
import java.util.Map;
import jtorch.Tensor;

/**
 * Adam with decoupled weight decay, as {@code torch.optim.AdamW} (Loshchilov and Hutter, 2017):
 * each step first shrinks the parameter, {@code p = p * (1 - lr * weight_decay)}, then applies
 * {@link Adam}'s update without adding the decay to the gradient.
 *
 * <pre>{@code
 * var opt = new AdamW(model.parameters(), 1e-3).weightDecay(0.05);
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * }</pre>
 *
 * <p>Options (defaults): {@code lr} (1e-3), {@code betas} ([0.9, 0.999]), {@code eps} (1e-8),
 * {@code weight_decay} (1e-2), {@code amsgrad} (false), {@code maximize} (false). State as {@link
 * Adam}'s. See <a
 * href="https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html">torch.optim.AdamW</a>.
 */
public class AdamW extends Optimizer {

  /** AdamW over {@code params} with lr 1e-3. */
  public AdamW(Iterable<? extends Tensor> params) {
    this(params, 1e-3);
  }

  /** AdamW over {@code params} with learning rate {@code lr}. */
  public AdamW(Iterable<? extends Tensor> params, double lr) {
    super(params, Adam.defaults(lr, 1e-2));
  }

  /** AdamW over parameter groups; {@code lr} is the default for groups that set none. */
  public AdamW(List<ParamGroup> groups, double lr) {
    super(groups, Adam.defaults(lr, 1e-2));
  }

  /** Decay rates of the moment averages, each in [0, 1) (default 0.9, 0.999); returns this. */
  public AdamW betas(double beta1, double beta2) {
    setDefault("betas", Adam.checkBetas(List.of(beta1, beta2)));
    return this;
  }

  /** Term added to the denominator (default 1e-8); returns this. */
  public AdamW eps(double eps) {
    setDefault("eps", Kernels.nonNegative("epsilon value", eps));
    return this;
  }

  /** Decoupled weight decay coefficient (default 1e-2); returns this. */
  public AdamW weightDecay(double weightDecay) {
    setDefault("weight_decay", Kernels.nonNegative("weight_decay value", weightDecay));
    return this;
  }

  /** Uses the AMSGrad variant (default false); returns this. */
  public AdamW amsgrad(boolean amsgrad) {
    setDefault("amsgrad", amsgrad);
    return this;
  }

  /** Maximizes the objective instead of minimizing it (default false); returns this. */
  public AdamW maximize(boolean maximize) {
    setDefault("maximize", maximize);
    return this;
  }

  @Override
  protected void validate(ParamGroup g) {
    Adam.check(g);
  }

  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup g, Map<String, Tensor> state) {
    Adam.adamUpdate(param, grad, g, state, true);
  }
}
