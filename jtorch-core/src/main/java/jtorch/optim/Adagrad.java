package jtorch.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jtorch.Tensor;
import jtorch.Torch;

/**
 * Adagrad, as {@code torch.optim.Adagrad} (Duchi et al., 2011):
 *
 * <pre>
 * t = t + 1
 * g = grad (negated when maximize) + weight_decay * p
 * s = s + g^2                                  (s starts at initial_accumulator_value)
 * p = p - lr / (1 + (t - 1) * lr_decay) * g / (sqrt(s) + eps)
 * </pre>
 *
 * <pre>{@code
 * var opt = new Adagrad(model.parameters(), 0.01).lrDecay(1e-4);
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * }</pre>
 *
 * <p>Options (defaults): {@code lr} (1e-2), {@code lr_decay} (0), {@code weight_decay} (0), {@code
 * initial_accumulator_value} (0), {@code eps} (1e-10), {@code maximize} (false). State per
 * parameter: {@code step}, {@code sum}. PyTorch creates the state when the optimizer is built;
 * jtorch creates it on the parameter's first step (so the accumulator setter may come after the
 * constructor), which changes only what a state dict holds before the first step. See <a
 * href="https://pytorch.org/docs/stable/generated/torch.optim.Adagrad.html">torch.optim.Adagrad</a>.
 */
public class Adagrad extends Optimizer {

  /** Adagrad over {@code params} with lr 1e-2. */
  public Adagrad(Iterable<? extends Tensor> params) {
    this(params, 1e-2);
  }

  /** Adagrad over {@code params} with learning rate {@code lr}. */
  public Adagrad(Iterable<? extends Tensor> params, double lr) {
    super(params, defaults(lr));
  }

  /** Adagrad over parameter groups; {@code lr} is the default for groups that set none. */
  public Adagrad(List<ParamGroup> groups, double lr) {
    super(groups, defaults(lr));
  }

  private static Map<String, Object> defaults(double lr) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("lr", Kernels.lr(lr));
    d.put("lr_decay", 0.0);
    d.put("weight_decay", 0.0);
    d.put("initial_accumulator_value", 0.0);
    d.put("eps", 1e-10);
    d.put("maximize", false);
    return d;
  }

  /** Learning-rate decay per step (default 0); returns this. */
  public Adagrad lrDecay(double lrDecay) {
    setDefault("lr_decay", Kernels.nonNegative("lr_decay value", lrDecay));
    return this;
  }

  /** L2 penalty added to the gradient (default 0); returns this. */
  public Adagrad weightDecay(double weightDecay) {
    setDefault("weight_decay", Kernels.nonNegative("weight_decay value", weightDecay));
    return this;
  }

  /** Starting value of the squared-gradient sums (default 0); returns this. */
  public Adagrad initialAccumulatorValue(double value) {
    setDefault(
        "initial_accumulator_value", Kernels.nonNegative("initial_accumulator_value value", value));
    return this;
  }

  /** Term added to the denominator (default 1e-10); returns this. */
  public Adagrad eps(double eps) {
    setDefault("eps", Kernels.nonNegative("epsilon value", eps));
    return this;
  }

  /** Maximizes the objective instead of minimizing it (default false); returns this. */
  public Adagrad maximize(boolean maximize) {
    setDefault("maximize", maximize);
    return this;
  }

  @Override
  protected void validate(ParamGroup g) {
    Kernels.lr(g.lr());
    Kernels.nonNegative("lr_decay value", g.getDouble("lr_decay"));
    Kernels.nonNegative("weight_decay value", g.getDouble("weight_decay"));
    Kernels.nonNegative(
        "initial_accumulator_value value", g.getDouble("initial_accumulator_value"));
    Kernels.nonNegative("epsilon value", g.getDouble("eps"));
  }

  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup g, Map<String, Tensor> state) {
    if (state.isEmpty()) {
      state.put("step", Kernels.newStep());
      state.put("sum", Torch.fullLike(param, g.getDouble("initial_accumulator_value")));
    }
    double step = Kernels.increment(state.get("step"));
    if (g.getBoolean("maximize")) {
      grad = grad.neg();
    }
    double weightDecay = g.getDouble("weight_decay");
    if (weightDecay != 0) {
      grad = grad.add(param, weightDecay);
    }
    double clr = g.lr() / (1 + (step - 1) * g.getDouble("lr_decay"));
    Tensor sum = state.get("sum");
    Kernels.addcmul_(sum, grad, grad, 1);
    Tensor std = sum.sqrt().add_(g.getDouble("eps"));
    Kernels.addcdiv_(param, grad, std, -clr);
  }
}
