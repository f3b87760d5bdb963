package jtorch.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jtorch.Tensor;
import jtorch.Torch;

/**
 * Adam, as {@code torch.optim.Adam} (Kingma and Ba, 2014), with PyTorch's bias correction:
 *
 * <pre>
 * t = t + 1
 * g = grad (negated when maximize) + weight_decay * p
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g^2           (v_max = max(v_max, v) with amsgrad, used below)
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <pre>{@code
 * var opt = new Adam(model.parameters(), 1e-3).betas(0.9, 0.999).amsgrad(true);
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * }</pre>
 *
 * <p>Options (defaults): {@code lr} (1e-3), {@code betas} ([0.9, 0.999]), {@code eps} (1e-8),
 * {@code weight_decay} (0, an L2 penalty added to the gradient; see {@link AdamW} for decoupled
 * decay), {@code amsgrad} (false), {@code maximize} (false). State per parameter: {@code step} (a
 * float32 0-d tensor), {@code exp_avg}, {@code exp_avg_sq}, and {@code max_exp_avg_sq} with
 * amsgrad. See <a
 * href="https://pytorch.org/docs/stable/generated/torch.optim.Adam.html">torch.optim.Adam</a>.
 */
public class Adam extends Optimizer {

  /** Adam over {@code params} with lr 1e-3. */
  public Adam(Iterable<? extends Tensor> params) {
    this(params, 1e-3);
  }

  /** Adam over {@code params} with learning rate {@code lr}. */
  public Adam(Iterable<? extends Tensor> params, double lr) {
    super(params, defaults(lr, 0));
  }

  /** Adam over parameter groups; {@code lr} is the default for groups that set none. */
  public Adam(List<ParamGroup> groups, double lr) {
    super(groups, defaults(lr, 0));
  }

  static Map<String, Object> defaults(double lr, double weightDecay) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("lr", Kernels.lr(lr));
    d.put("betas", List.of(0.9, 0.999));
    d.put("eps", 1e-8);
    d.put("weight_decay", weightDecay);
    d.put("amsgrad", false);
    d.put("maximize", false);
    return d;
  }

  /** Decay rates of the moment averages, each in [0, 1) (default 0.9, 0.999); returns this. */
  public Adam betas(double beta1, double beta2) {
    setDefault("betas", checkBetas(List.of(beta1, beta2)));
    return this;
  }

  /** Term added to the denominator (default 1e-8); returns this. */
  public Adam eps(double eps) {
    setDefault("eps", Kernels.nonNegative("epsilon value", eps));
    return this;
  }

  /** L2 penalty added to the gradient (default 0); returns this. */
  public Adam weightDecay(double weightDecay) {
    setDefault("weight_decay", Kernels.nonNegative("weight_decay value", weightDecay));
    return this;
  }

  /** Uses the AMSGrad variant (default false); returns this. */
  public Adam amsgrad(boolean amsgrad) {
    setDefault("amsgrad", amsgrad);
    return this;
  }

  /** Maximizes the objective instead of minimizing it (default false); returns this. */
  public Adam maximize(boolean maximize) {
    setDefault("maximize", maximize);
    return this;
  }

  static List<Double> checkBetas(List<Double> betas) {
    if (betas.size() != 2) {
      throw new IllegalArgumentException("betas must hold two values, got " + betas);
    }
    for (int i = 0; i < 2; i++) {
      double b = betas.get(i);
      if (!(b >= 0 && b < 1)) {
        throw new IllegalArgumentException("Invalid beta parameter at index " + i + ": " + b);
      }
    }
    return betas;
  }

  static void check(ParamGroup g) {
    Kernels.lr(g.lr());
    checkBetas(g.getDoubles("betas"));
    Kernels.nonNegative("epsilon value", g.getDouble("eps"));
    Kernels.nonNegative("weight_decay value", g.getDouble("weight_decay"));
  }

  @Override
  protected void validate(ParamGroup g) {
    check(g);
  }

  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup g, Map<String, Tensor> state) {
    adamUpdate(param, grad, g, state, false);
  }

  /** One Adam step; {@code decoupled} applies weight decay to the parameter, as AdamW. */
  static void adamUpdate(
      Tensor param, Tensor grad, ParamGroup g, Map<String, Tensor> state, boolean decoupled) {
    double lr = g.lr();
    List<Double> betas = g.getDoubles("betas");
    double beta1 = betas.get(0);
    double beta2 = betas.get(1);
    double eps = g.getDouble("eps");
    double weightDecay = g.getDouble("weight_decay");
    boolean amsgrad = g.getBoolean("amsgrad");
    if (state.isEmpty()) {
      state.put("step", Kernels.newStep());
      state.put("exp_avg", Torch.zerosLike(param));
      state.put("exp_avg_sq", Torch.zerosLike(param));
      if (amsgrad) {
        state.put("max_exp_avg_sq", Torch.zerosLike(param));
      }
    }
    if (g.getBoolean("maximize")) {
      grad = grad.neg();
    }
    Tensor expAvg = state.get("exp_avg");
    Tensor expAvgSq = state.get("exp_avg_sq");
    double step = Kernels.increment(state.get("step"));
    if (decoupled) {
      param.mul_(1 - lr * weightDecay);
    } else if (weightDecay != 0) {
      grad = grad.add(param, weightDecay);
    }
    expAvg.mul_(beta1).add_(grad, 1 - beta1);
    Kernels.addcmul_(expAvgSq.mul_(beta2), grad, grad, 1 - beta2);
    double biasCorrection1 = 1 - Math.pow(beta1, step);
    double biasCorrection2 = 1 - Math.pow(beta2, step);
    double stepSize = lr / biasCorrection1;
    double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
    Tensor denom;
    if (amsgrad) {
      Tensor maxSq = state.computeIfAbsent("max_exp_avg_sq", k -> Torch.zerosLike(param));
      maxSq.copy_(maxSq.maximum(expAvgSq));
      denom = maxSq.sqrt().div(biasCorrection2Sqrt).add_(eps);
    } else {
      denom = expAvgSq.sqrt().div(biasCorrection2Sqrt).add_(eps);
    }
    Kernels.addcdiv_(param, expAvg, denom, -stepSize);
  }
}
