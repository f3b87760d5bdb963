package jtorch.keras.optimizers;

import java.util.List;
import java.util.Map;
import jtorch.Tensor;
import jtorch.optim.ParamGroup;

/**
 * Base class of the Keras optimizers, as {@code keras.optimizers.Optimizer}: made without variables
 * (Keras style), it builds on the first {@link #applyGradients} over the variables it is given.
 * Underneath it is a {@link jtorch.optim.Optimizer} (see {@link #asTorch()}: parameter groups,
 * state dicts and jtorch's LR schedulers work on it) whose per-variable update is the Keras rule of
 * the subclass, not PyTorch's.
 *
 * <pre>{@code
 * var opt = new Adam();                       // Keras defaults: lr 0.001, epsilon 1e-7
 * loss.backward();
 * opt.applyGradients(model.trainableWeights());   // one step; opt.iterations() == 1
 * }</pre>
 *
 * <p>A subclass implements {@link #update} for one variable, reading its hyperparameters from its
 * own fields. See <a href="https://keras.io/api/optimizers/">Optimizers</a>.
 */
public abstract class Optimizer {
  private double learningRate;
  private jtorch.optim.Optimizer delegate;
  private long iterations;

  /** An optimizer with {@code learningRate}. */
  protected Optimizer(double learningRate) {
    this.learningRate = checkLearningRate(learningRate);
  }

  private static double checkLearningRate(double lr) {
    if (!(lr >= 0)) {
      throw new IllegalArgumentException(
          "Invalid learning_rate: " + lr + "; it must be a non-negative number");
    }
    return lr;
  }

  /** Keras's name of this optimizer, e.g. {@code adam}. */
  public String name() {
    return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  /** The learning rate (of the first parameter group, once built). */
  public double learningRate() {
    return delegate == null ? learningRate : delegate.paramGroups().get(0).lr();
  }

  /**
   * Sets the learning rate of every group, as {@code optimizer.learning_rate = lr}; returns this.
   */
  public Optimizer learningRate(double lr) {
    learningRate = checkLearningRate(lr);
    if (delegate != null) {
      for (ParamGroup g : delegate.paramGroups()) {
        g.lr(lr);
      }
    }
    return this;
  }

  /** Number of steps applied, as {@code optimizer.iterations}. */
  public long iterations() {
    return iterations;
  }

  /** True once built over its variables. */
  public boolean isBuilt() {
    return delegate != null;
  }

  /** Creates the optimizer's state for {@code variables}, as {@code build(var_list)}. */
  public void build(List<? extends Tensor> variables) {
    if (delegate != null) {
      throw new IllegalStateException(
          name()
              + ": already built over "
              + delegate.paramGroups().get(0).params().size()
              + " variables");
    }
    delegate = new Delegate(variables, this);
  }

  /**
   * Applies one update to every variable that has a gradient, as {@code apply_gradients} with the
   * gradients held by the variables ({@code Tensor.grad()}); builds over {@code variables} on the
   * first call.
   */
  public void applyGradients(List<? extends Tensor> variables) {
    if (delegate == null) {
      build(variables);
    }
    List<Tensor> own = delegate.paramGroups().get(0).params();
    boolean same = own.size() == variables.size();
    for (int i = 0; same && i < own.size(); i++) {
      same = own.get(i) == variables.get(i);
    }
    if (!same) {
      throw new IllegalStateException(
          name()
              + " was built for "
              + own.size()
              + " other variables: an optimizer can only be applied to the variables it was"
              + " first built with; give each model its own optimizer");
    }
    delegate.step();
    iterations++;
  }

  /** Sets the gradients of the variables to null. */
  public void zeroGrad() {
    if (delegate != null) {
      delegate.zeroGrad();
    }
  }

  /** The jtorch optimizer doing the work (built), for LR schedulers and state dicts. */
  public jtorch.optim.Optimizer asTorch() {
    if (delegate == null) {
      throw new IllegalStateException(
          name() + " is not built yet: it builds on its first step (or call build(variables))");
    }
    return delegate;
  }

  /**
   * Updates {@code variable} in place from {@code gradient} with the Keras rule; runs under
   * no-grad.
   *
   * @param variable the variable to change
   * @param gradient its gradient
   * @param lr the learning rate of its group
   * @param step the 1-based step number ({@code iterations + 1})
   * @param slots the variable's state (Keras's slot variables), empty on its first step
   */
  protected abstract void update(
      Tensor variable, Tensor gradient, double lr, long step, Map<String, Tensor> slots);

  /** The jtorch optimizer whose per-parameter update is the Keras rule. */
  private static final class Delegate extends jtorch.optim.Optimizer {
    private final Optimizer keras;

    Delegate(List<? extends Tensor> variables, Optimizer keras) {
      super(variables, Map.of("lr", keras.learningRate));
      this.keras = keras;
    }

    @Override
    protected void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Tensor> state) {
      keras.update(param, grad, group.lr(), keras.iterations + 1, state);
    }
  }
}
