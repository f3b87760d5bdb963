package jtorch.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base class of the learning-rate schedulers, as {@code torch.optim.lr_scheduler.LRScheduler}: each
 * {@link #step()} advances the epoch counter and writes a new {@code lr} into every parameter group
 * of the optimizer. Call it after {@code optimizer.step()}, usually once per epoch.
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), 0.1).momentum(0.9);
 * LRScheduler sched = new CosineAnnealingLR(opt, 100);
 * for (int epoch = 0; epoch < 100; epoch++) {
 *   train(model, opt);
 *   sched.step();
 *   System.out.println(sched.getLastLr());   // [lr of group 0, ...]
 * }
 * }</pre>
 *
 * <p>Like PyTorch's, the constructor records each group's {@code initial_lr} (the base lr) and
 * performs the initial step to epoch 0. A subclass computes the new lr of one group from the
 * group's current lr and base lr ({@link #computeLr}, PyTorch's chainable {@code get_lr}) and ends
 * its constructor with {@link #initialStep()}. See <a
 * href="https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate">how to adjust the
 * learning rate</a>.
 */
public abstract class LRScheduler {
  /** The optimizer whose groups' lr this scheduler sets. */
  protected final Optimizer optimizer;

  private List<Double> baseLrs;
  private int lastEpoch = -1;
  private List<Double> lastLr;

  /** A scheduler of {@code optimizer}, starting from its groups' {@code initial_lr} or lr. */
  protected LRScheduler(Optimizer optimizer) {
    this.optimizer = optimizer;
    List<Double> base = new ArrayList<>();
    for (ParamGroup g : optimizer.paramGroups()) {
      if (!g.has("initial_lr")) {
        g.set("initial_lr", g.lr());
      }
      base.add(g.getDouble("initial_lr"));
    }
    baseLrs = List.copyOf(base);
  }

  /**
   * The first step, to epoch 0, as PyTorch's constructor takes it; subclass constructors call it
   * last, once their fields are set.
   */
  protected final void initialStep() {
    if (lastEpoch != -1) {
      throw new IllegalStateException("initialStep: the scheduler has already stepped");
    }
    step();
  }

  /**
   * The new lr of one group at epoch {@link #lastEpoch()} (already advanced), from the group's
   * current lr and its base lr, as PyTorch's chainable {@code get_lr()}.
   */
  protected abstract double computeLr(double groupLr, double baseLr);

  /** Advances one epoch and sets each group's lr, as {@code scheduler.step()}. */
  public void step() {
    List<ParamGroup> groups = optimizer.paramGroups();
    if (groups.size() != baseLrs.size()) {
      throw new IllegalStateException(
          "the optimizer has "
              + groups.size()
              + " param groups but the scheduler was built for "
              + baseLrs.size()
              + "; build the scheduler after adding all groups");
    }
    lastEpoch++;
    double[] values = new double[groups.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = computeLr(groups.get(i).lr(), baseLrs.get(i));
    }
    List<Double> lrs = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      groups.get(i).lr(values[i]);
      lrs.add(values[i]);
    }
    lastLr = List.copyOf(lrs);
  }

  /** The lr of each group set by the last step, as {@code get_last_lr()}. */
  public List<Double> getLastLr() {
    if (lastLr == null) {
      throw new IllegalStateException(
          getClass().getSimpleName() + ": the constructor did not call initialStep()");
    }
    return lastLr;
  }

  /** The base lr of each group (its {@code initial_lr}), as {@code base_lrs}. */
  public List<Double> baseLrs() {
    return baseLrs;
  }

  /** The number of steps taken since the initial one, as {@code last_epoch}. */
  public int lastEpoch() {
    return lastEpoch;
  }

  /**
   * The scheduler's progress, as {@code state_dict()}: {@code last_epoch}, {@code base_lrs} and
   * {@code _last_lr}; with the optimizer's state dict it resumes training where it stopped.
   */
  public Map<String, Object> stateDict() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("last_epoch", lastEpoch);
    m.put("base_lrs", baseLrs);
    m.put("_last_lr", getLastLr());
    return m;
  }

  /** Restores what {@link #stateDict()} saved, as {@code load_state_dict}. */
  public void loadStateDict(Map<String, ?> state) {
    if (!(state.get("last_epoch") instanceof Integer epoch)
        || !(state.get("base_lrs") instanceof List<?> base)
        || !(state.get("_last_lr") instanceof List<?> last)) {
      throw new IllegalArgumentException(
          "scheduler state dict needs last_epoch (Integer), base_lrs and _last_lr (lists), got "
              + state.keySet());
    }
    lastEpoch = epoch;
    baseLrs = doubles(base);
    lastLr = doubles(last);
  }

  private static List<Double> doubles(List<?> l) {
    return l.stream().map(o -> ((Number) o).doubleValue()).toList();
  }
}
