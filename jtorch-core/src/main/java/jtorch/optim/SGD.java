package jtorch.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.backend.SgdStep;
import jtorch.internal.TensorAccess;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum, weight decay and
 * maximization, as {@code torch.optim.SGD}:
 *
 * <pre>
 * g = grad (negated when maximize) + weight_decay * p
 * b = g on the first step, else momentum * b + (1 - dampening) * g      (when momentum != 0)
 * g = g + momentum * b if nesterov, else b
 * p = p - lr * g
 * </pre>
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), 0.1).momentum(0.9).nesterov(true).weightDecay(5e-4);
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * }</pre>
 *
 * <p>Options (defaults): {@code lr} (required), {@code momentum} (0), {@code dampening} (0), {@code
 * weight_decay} (0), {@code nesterov} (false; needs momentum &gt; 0 and dampening 0), {@code
 * maximize} (false). State per parameter: {@code momentum_buffer}. See <a
 * href="https://pytorch.org/docs/stable/generated/torch.optim.SGD.html">torch.optim.SGD</a>.
 */
public class SGD extends Optimizer {

  /** SGD over {@code params} with learning rate {@code lr}. */
  public SGD(Iterable<? extends Tensor> params, double lr) {
    super(params, defaults(lr));
  }

  /** SGD over parameter groups; {@code lr} is the default for groups that set none. */
  public SGD(List<ParamGroup> groups, double lr) {
    super(groups, defaults(lr));
  }

  private static Map<String, Object> defaults(double lr) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("lr", Kernels.lr(lr));
    d.put("momentum", 0.0);
    d.put("dampening", 0.0);
    d.put("weight_decay", 0.0);
    d.put("nesterov", false);
    d.put("maximize", false);
    return d;
  }

  /** Momentum factor (default 0); returns this. */
  public SGD momentum(double momentum) {
    setDefault("momentum", Kernels.nonNegative("momentum value", momentum));
    return this;
  }

  /** Dampening of the momentum (default 0); returns this. */
  public SGD dampening(double dampening) {
    setDefault("dampening", dampening);
    return this;
  }

  /** L2 penalty added to the gradient (default 0); returns this. */
  public SGD weightDecay(double weightDecay) {
    setDefault("weight_decay", Kernels.nonNegative("weight_decay value", weightDecay));
    return this;
  }

  /** Nesterov momentum (default false); returns this. */
  public SGD nesterov(boolean nesterov) {
    setDefault("nesterov", nesterov);
    return this;
  }

  /** Maximizes the objective instead of minimizing it (default false); returns this. */
  public SGD maximize(boolean maximize) {
    setDefault("maximize", maximize);
    return this;
  }

  @Override
  protected void validate(ParamGroup g) {
    Kernels.lr(g.lr());
    Kernels.nonNegative("momentum value", g.getDouble("momentum"));
    Kernels.nonNegative("weight_decay value", g.getDouble("weight_decay"));
    if (g.getBoolean("nesterov")
        && (g.getDouble("momentum") <= 0 || g.getDouble("dampening") != 0)) {
      throw new IllegalArgumentException(
          "Nesterov momentum requires a momentum and zero dampening (momentum "
              + g.getDouble("momentum")
              + ", dampening "
              + g.getDouble("dampening")
              + ")");
    }
  }

  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup g, Map<String, Tensor> state) {
    if (fused(param, grad, g, state)) {
      return;
    }
    double momentum = g.getDouble("momentum");
    double weightDecay = g.getDouble("weight_decay");
    Tensor d = g.getBoolean("maximize") ? grad.neg() : grad;
    if (weightDecay != 0) {
      d = d.add(param, weightDecay);
    }
    if (momentum != 0) {
      Tensor buf = state.get("momentum_buffer");
      if (buf == null) {
        buf = d.clone().detach();
        state.put("momentum_buffer", buf);
      } else {
        buf.mul_(momentum).add_(d, 1 - g.getDouble("dampening"));
      }
      d = g.getBoolean("nesterov") ? d.add(buf, momentum) : buf;
    }
    param.add_(d, -g.lr());
  }

  /**
   * The step in one pass, when the backend has a kernel for these operands; on a parameter's first
   * step with momentum the buffer is created here and kept only if the kernel filled it.
   */
  private static boolean fused(Tensor param, Tensor grad, ParamGroup g, Map<String, Tensor> state) {
    if (grad.dtype() != param.dtype() || !grad.device().equals(param.device())) {
      return false;
    }
    double momentum = g.getDouble("momentum");
    Tensor buf = momentum == 0 ? null : state.get("momentum_buffer");
    boolean first = momentum != 0 && buf == null;
    if (first) {
      buf = Torch.emptyLike(param);
    }
    var access = TensorAccess.get();
    boolean done =
        access
            .backend(param)
            .sgd(
                access.strided(param),
                access.strided(grad),
                buf == null ? null : access.strided(buf),
                new SgdStep(
                    g.lr(),
                    momentum,
                    g.getDouble("dampening"),
                    g.getDouble("weight_decay"),
                    g.getBoolean("nesterov"),
                    g.getBoolean("maximize"),
                    first));
    if (done) {
      param.untypedStorage().bumpVersion();
      if (first) {
        state.put("momentum_buffer", buf);
      } else if (buf != null) {
        buf.untypedStorage().bumpVersion();
      }
    }
    return done;
  }
}
