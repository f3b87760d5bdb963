package jtorch.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jtorch.Tensor;
import jtorch.Torch;

/**
 * RMSprop, as {@code torch.optim.RMSprop} (Hinton's lecture notes; centered as Graves, 2013):
 *
 * <pre>
 * g = grad (negated when maximize) + weight_decay * p
 * v = alpha * v + (1 - alpha) * g^2
 * a = sqrt(v - m^2) + eps with centered (m = alpha * m + (1 - alpha) * g), else sqrt(v) + eps
 * b = momentum * b + g / a; p = p - lr * b     when momentum &gt; 0
 * p = p - lr * g / a                           otherwise
 * </pre>
 *
 * <pre>{@code
 * var opt = new RMSprop(model.parameters(), 1e-3).momentum(0.9).centered(true);
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * }</pre>
 *
 * <p>Options (defaults): {@code lr} (1e-2), {@code alpha} (0.99), {@code eps} (1e-8), {@code
 * weight_decay} (0), {@code momentum} (0), {@code centered} (false), {@code maximize} (false).
 * State per parameter: {@code step}, {@code square_avg}, {@code momentum_buffer} (with momentum),
 * {@code grad_avg} (centered). See <a
 * href="https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html">torch.optim.RMSprop</a>.
 */
public class RMSprop extends Optimizer {

  /** RMSprop over {@code params} with lr 1e-2. */
  public RMSprop(Iterable<? extends Tensor> params) {
    this(params, 1e-2);
  }

  /** RMSprop over {@code params} with learning rate {@code lr}. */
  public RMSprop(Iterable<? extends Tensor> params, double lr) {
    super(params, defaults(lr));
  }

  /** RMSprop over parameter groups; {@code lr} is the default for groups that set none. */
  public RMSprop(List<ParamGroup> groups, double lr) {
    super(groups, defaults(lr));
  }

  private static Map<String, Object> defaults(double lr) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("lr", Kernels.lr(lr));
    d.put("alpha", 0.99);
    d.put("eps", 1e-8);
    d.put("weight_decay", 0.0);
    d.put("momentum", 0.0);
    d.put("centered", false);
    d.put("maximize", false);
    return d;
  }

  /** Smoothing constant of the squared-gradient average (default 0.99); returns this. */
  public RMSprop alpha(double alpha) {
    setDefault("alpha", Kernels.nonNegative("alpha value", alpha));
    return this;
  }

  /** Term added to the denominator (default 1e-8); returns this. */
  public RMSprop eps(double eps) {
    setDefault("eps", Kernels.nonNegative("epsilon value", eps));
    return this;
  }

  /** L2 penalty added to the gradient (default 0); returns this. */
  public RMSprop weightDecay(double weightDecay) {
    setDefault("weight_decay", Kernels.nonNegative("weight_decay value", weightDecay));
    return this;
  }

  /** Momentum factor (default 0); returns this. */
  public RMSprop momentum(double momentum) {
    setDefault("momentum", Kernels.nonNegative("momentum value", momentum));
    return this;
  }

  /** Normalizes by the estimated variance of the gradient (default false); returns this. */
  public RMSprop centered(boolean centered) {
    setDefault("centered", centered);
    return this;
  }

  /** Maximizes the objective instead of minimizing it (default false); returns this. */
  public RMSprop maximize(boolean maximize) {
    setDefault("maximize", maximize);
    return this;
  }

  @Override
  protected void validate(ParamGroup g) {
    Kernels.lr(g.lr());
    Kernels.nonNegative("alpha value", g.getDouble("alpha"));
    Kernels.nonNegative("epsilon value", g.getDouble("eps"));
    Kernels.nonNegative("weight_decay value", g.getDouble("weight_decay"));
    Kernels.nonNegative("momentum value", g.getDouble("momentum"));
  }

  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup g, Map<String, Tensor> state) {
    double alpha = g.getDouble("alpha");
    double weightDecay = g.getDouble("weight_decay");
    double momentum = g.getDouble("momentum");
    boolean centered = g.getBoolean("centered");
    if (state.isEmpty()) {
      state.put("step", Kernels.newStep());
      state.put("square_avg", Torch.zerosLike(param));
      if (momentum > 0) {
        state.put("momentum_buffer", Torch.zerosLike(param));
      }
      if (centered) {
        state.put("grad_avg", Torch.zerosLike(param));
      }
    }
    Kernels.increment(state.get("step"));
    if (g.getBoolean("maximize")) {
      grad = grad.neg();
    }
    if (weightDecay != 0) {
      grad = grad.add(param, weightDecay);
    }
    Tensor squareAvg = state.get("square_avg");
    Kernels.addcmul_(squareAvg.mul_(alpha), grad, grad, 1 - alpha);
    Tensor avg;
    if (centered) {
      Tensor gradAvg = state.computeIfAbsent("grad_avg", k -> Torch.zerosLike(param));
      gradAvg.mul_(alpha).add_(grad, 1 - alpha);
      avg = Kernels.addcmul_(squareAvg.clone(), gradAvg, gradAvg, -1).sqrt();
    } else {
      avg = squareAvg.sqrt();
    }
    avg.add_(g.getDouble("eps"));
    if (momentum > 0) {
      Tensor buf = state.computeIfAbsent("momentum_buffer", k -> Torch.zerosLike(param));
      Kernels.addcdiv_(buf.mul_(momentum), grad, avg, 1);
      param.add_(buf, -g.lr());
    } else {
      Kernels.addcdiv_(param, grad, avg, -g.lr());
    }
  }
}
