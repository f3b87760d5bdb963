package jtorch.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.backend.AdadeltaStep;
import jtorch.internal.TensorAccess;

/**
 * Adadelta, as {@code torch.optim.Adadelta} (Zeiler, 2012):
 *
 * <pre>
 * g = grad (negated when maximize) + weight_decay * p
 * v = rho * v + (1 - rho) * g^2
 * delta = sqrt(u + eps) / sqrt(v + eps) * g
 * u = rho * u + (1 - rho) * delta^2
 * p = p - lr * delta
 * </pre>
 *
 * <pre>{@code
 * var opt = new Adadelta(model.parameters(), 0.5);   // the MNIST example's optimizer
 * opt.zeroGrad();
 * F.nllLoss(model.forward(x), y).backward();
 * opt.step();
 * }</pre>
 *
 * <p>Options (defaults): {@code lr} (1.0), {@code rho} (0.9), {@code eps} (1e-6), {@code
 * weight_decay} (0), {@code maximize} (false). State per parameter: {@code step}, {@code
 * square_avg}, {@code acc_delta}. See <a
 * href="https://pytorch.org/docs/stable/generated/torch.optim.Adadelta.html">torch.optim.Adadelta</a>.
 */
public class Adadelta extends Optimizer {

  /** Adadelta over {@code params} with lr 1.0. */
  public Adadelta(Iterable<? extends Tensor> params) {
    this(params, 1.0);
  }

  /** Adadelta over {@code params} with learning rate {@code lr}. */
  public Adadelta(Iterable<? extends Tensor> params, double lr) {
    super(params, defaults(lr));
  }

  /** Adadelta over parameter groups; {@code lr} is the default for groups that set none. */
  public Adadelta(List<ParamGroup> groups, double lr) {
    super(groups, defaults(lr));
  }

  private static Map<String, Object> defaults(double lr) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("lr", Kernels.lr(lr));
    d.put("rho", 0.9);
    d.put("eps", 1e-6);
    d.put("weight_decay", 0.0);
    d.put("maximize", false);
    return d;
  }

  /** Decay of the running averages, in [0, 1] (default 0.9); returns this. */
  public Adadelta rho(double rho) {
    setDefault("rho", checkRho(rho));
    return this;
  }

  /** Term added to the denominator (default 1e-6); returns this. */
  public Adadelta eps(double eps) {
    setDefault("eps", Kernels.nonNegative("epsilon value", eps));
    return this;
  }

  /** L2 penalty added to the gradient (default 0); returns this. */
  public Adadelta weightDecay(double weightDecay) {
    setDefault("weight_decay", Kernels.nonNegative("weight_decay value", weightDecay));
    return this;
  }

  /** Maximizes the objective instead of minimizing it (default false); returns this. */
  public Adadelta maximize(boolean maximize) {
    setDefault("maximize", maximize);
    return this;
  }

  private static double checkRho(double rho) {
    if (!(rho >= 0 && rho <= 1)) {
      throw new IllegalArgumentException("Invalid rho value: " + rho);
    }
    return rho;
  }

  @Override
  protected void validate(ParamGroup g) {
    Kernels.lr(g.lr());
    checkRho(g.getDouble("rho"));
    Kernels.nonNegative("epsilon value", g.getDouble("eps"));
    Kernels.nonNegative("weight_decay value", g.getDouble("weight_decay"));
  }

  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup g, Map<String, Tensor> state) {
    double rho = g.getDouble("rho");
    double eps = g.getDouble("eps");
    double weightDecay = g.getDouble("weight_decay");
    if (state.isEmpty()) {
      state.put("step", Kernels.newStep());
      state.put("square_avg", Torch.zerosLike(param));
      state.put("acc_delta", Torch.zerosLike(param));
    }
    Kernels.increment(state.get("step"));
    Tensor squareAvg = state.get("square_avg");
    Tensor accDelta = state.get("acc_delta");
    if (fused(param, grad, squareAvg, accDelta, g)) {
      return;
    }
    if (g.getBoolean("maximize")) {
      grad = grad.neg();
    }
    if (weightDecay != 0) {
      grad = grad.add(param, weightDecay);
    }
    // The formulas above with the kernels' rounding (addcmul_(s, t1, t2, v) adds (t1 * v) * t2),
    // written in place where a temporary would only be read once: five temporaries instead of
    // eleven, which for the tutorial's 4608x64 weight saves 7 MB of fresh memory a step.
    Tensor t = grad.mul(1 - rho).mul_(grad);
    squareAvg.mul_(rho).add_(t);
    Tensor std = squareAvg.add(eps).sqrt();
    Tensor delta = accDelta.add(eps).sqrt().div_(std).mul_(grad);
    accDelta.mul_(rho).add_(t.copy_(delta).mul_(1 - rho).mul_(delta));
    param.add_(delta.mul_(-g.lr()));
  }

  /** The step in one pass, when the backend has a kernel for these operands. */
  private static boolean fused(
      Tensor param, Tensor grad, Tensor squareAvg, Tensor accDelta, ParamGroup g) {
    var access = TensorAccess.get();
    if (grad.dtype() != param.dtype() || !grad.device().equals(param.device())) {
      return false;
    }
    boolean done =
        access
            .backend(param)
            .adadelta(
                access.strided(param),
                access.strided(grad),
                access.strided(squareAvg),
                access.strided(accDelta),
                new AdadeltaStep(
                    g.lr(),
                    g.getDouble("rho"),
                    g.getDouble("eps"),
                    g.getDouble("weight_decay"),
                    g.getBoolean("maximize")));
    if (done) {
      param.untypedStorage().bumpVersion();
      squareAvg.untypedStorage().bumpVersion();
      accDelta.untypedStorage().bumpVersion();
    }
    return done;
  }
}
