package jtorch.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import jtorch.Tensor;
import jtorch.Torch;

/**
 * Base class of the optimizers, as {@code torch.optim.Optimizer} (C++: {@code torch::optim::
 * Optimizer}): parameter groups with their own options, per-parameter state, {@link #step()},
 * {@link #zeroGrad()} and state dicts.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), 1e-3);
 * for (Batch b : loader) {
 *   opt.zeroGrad();                                   // grads to null, as PyTorch 2
 *   F.nllLoss(model.forward(b.input()), b.target()).backward();
 *   opt.step();                                       // skips parameters without a grad
 * }
 * OptimizerState saved = opt.stateDict();
 * }</pre>
 *
 * <p>A subclass supplies its defaults to the constructor and implements {@link #update} for one
 * parameter; {@link #step()} calls it under {@link Torch#noGrad()} for every parameter that has a
 * gradient, with the parameter's state map (empty on its first step). See <a
 * href="https://pytorch.org/docs/stable/optim.html">torch.optim</a>.
 */
public abstract class Optimizer {
  private final Map<String, Object> defaults = new LinkedHashMap<>();
  private final List<ParamGroup> paramGroups = new ArrayList<>();
  private Map<Tensor, Map<String, Tensor>> state = new IdentityHashMap<>();

  /** An optimizer with one group holding {@code params}. */
  protected Optimizer(Iterable<? extends Tensor> params, Map<String, ?> defaults) {
    this(List.of(new ParamGroup(params)), defaults);
  }

  /**
   * An optimizer over {@code groups} (copied: later changes go through {@link #paramGroups()});
   * options a group leaves out come from {@code defaults}.
   */
  protected Optimizer(List<ParamGroup> groups, Map<String, ?> defaults) {
    defaults.forEach((k, v) -> this.defaults.put(k, v));
    if (groups.isEmpty() || groups.stream().allMatch(g -> g.params().isEmpty())) {
      throw new IllegalArgumentException("optimizer got an empty parameter list");
    }
    for (ParamGroup g : groups) {
      addParamGroup(g);
    }
  }

  // ---- groups and options ---------------------------------------------------------------------

  /**
   * Adds a group (copied), as {@code add_param_group}: e.g. layers unfrozen during fine-tuning. Its
   * missing options come from the defaults; a parameter may be in only one group.
   */
  public void addParamGroup(ParamGroup group) {
    ParamGroup g = group.copy();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ParamGroup other : paramGroups) {
      seen.addAll(other.params());
    }
    Set<Tensor> mine = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < g.params().size(); i++) {
      Tensor p = g.params().get(i);
      if (!p.isLeaf()) {
        throw new IllegalArgumentException(
            "can't optimize a non-leaf Tensor (parameter "
                + i
                + " of the group, shape "
                + p.shape()
                + "); optimize the leaf it was computed from, or detach().requiresGrad_()");
      }
      if (seen.contains(p)) {
        throw new IllegalArgumentException(
            "some parameters appear in more than one parameter group");
      }
      if (!mine.add(p)) {
        throw new IllegalArgumentException(
            "optimizer contains a parameter group with duplicate parameters (parameter " + i + ")");
      }
    }
    defaults.forEach(g::setDefault);
    validate(g);
    paramGroups.add(g);
  }

  /** The groups, live: change an option with {@code group.set(...)} or {@code group.lr(...)}. */
  public List<ParamGroup> paramGroups() {
    return Collections.unmodifiableList(paramGroups);
  }

  /** The default options (PyTorch names), as {@code optimizer.defaults}. */
  public Map<String, Object> defaults() {
    return Collections.unmodifiableMap(defaults);
  }

  /**
   * Sets a default option and applies it to every group that did not set it itself; for the
   * subclasses' fluent setters (which check the value's range themselves; combinations of options
   * are checked by {@link #validate} at the next step).
   */
  protected void setDefault(String key, Object value) {
    defaults.put(key, value);
    for (ParamGroup g : paramGroups) {
      g.setDefault(key, value);
    }
  }

  /**
   * Checks a group's options, when it is added and before every step; throws {@link
   * IllegalArgumentException} with PyTorch's message. The default accepts everything.
   */
  protected void validate(ParamGroup group) {}

  // ---- stepping -------------------------------------------------------------------------------

  /** Performs one optimization step on every parameter that has a gradient. */
  public void step() {
    for (ParamGroup g : paramGroups) {
      validate(g);
    }
    try (var guard = Torch.noGrad()) {
      for (ParamGroup g : paramGroups) {
        for (Tensor p : g.params()) {
          Tensor grad = p.grad();
          if (grad != null) {
            update(p, grad, g, state.computeIfAbsent(p, k -> new LinkedHashMap<>()));
          }
        }
      }
    }
  }

  /**
   * Re-evaluates the loss with {@code closure} (with grad enabled), then steps, as {@code
   * step(closure)}; returns the closure's loss.
   */
  public Tensor step(Supplier<Tensor> closure) {
    Tensor loss;
    try (var guard = Torch.enableGrad()) {
      loss = closure.get();
    }
    step();
    return loss;
  }

  /**
   * Updates one parameter in place from its gradient, as PyTorch's single-tensor kernels; runs
   * under no-grad.
   *
   * @param param the parameter to change in place
   * @param grad its gradient (not null)
   * @param group the group's options
   * @param state the parameter's state, empty before its first step; put new state tensors in it
   */
  protected abstract void update(
      Tensor param, Tensor grad, ParamGroup group, Map<String, Tensor> state);

  /** Sets the gradients of all parameters to null, as {@code zero_grad()} in PyTorch 2. */
  public void zeroGrad() {
    zeroGrad(true);
  }

  /**
   * Clears the gradients: to null when {@code setToNone}, else zeroes them in place (detached), as
   * {@code zero_grad(set_to_none)}.
   */
  public void zeroGrad(boolean setToNone) {
    for (ParamGroup g : paramGroups) {
      for (Tensor p : g.params()) {
        Tensor grad = p.grad();
        if (grad == null) {
          continue;
        }
        if (setToNone) {
          p.setGrad(null);
          continue;
        }
        if (!grad.isLeaf()) {
          grad = grad.detach();
          p.setGrad(grad);
        } else if (grad.requiresGrad()) {
          grad.requiresGrad_(false);
        }
        try (var guard = Torch.noGrad()) {
          grad.zero_();
        }
      }
    }
  }

  // ---- state ----------------------------------------------------------------------------------

  /** The state of {@code param} (e.g. {@code exp_avg}), live and unmodifiable; empty if none. */
  public Map<String, Tensor> state(Tensor param) {
    Map<String, Tensor> s = state.get(param);
    return s == null ? Map.of() : Collections.unmodifiableMap(s);
  }

  /**
   * The state dict, as {@code state_dict()}: state by parameter index (parameters with no state are
   * left out) and the groups' options. The tensors are the live state, as in PyTorch.
   */
  public OptimizerState stateDict() {
    Map<Tensor, Integer> index = new IdentityHashMap<>();
    List<Map<String, Object>> groups = new ArrayList<>();
    for (ParamGroup g : paramGroups) {
      Map<String, Object> packed = new LinkedHashMap<>(g.options());
      List<Integer> ids = new ArrayList<>();
      for (Tensor p : g.params()) {
        ids.add(index.computeIfAbsent(p, k -> index.size()));
      }
      packed.put("params", List.copyOf(ids));
      groups.add(packed);
    }
    Map<Integer, Map<String, Tensor>> packedState = new LinkedHashMap<>();
    for (ParamGroup g : paramGroups) {
      for (Tensor p : g.params()) {
        Map<String, Tensor> s = state.get(p);
        if (s != null && !s.isEmpty()) {
          packedState.put(index.get(p), s);
        }
      }
    }
    return new OptimizerState(packedState, groups);
  }

  /**
   * Loads a state dict saved from an optimizer of the same kind over the same parameters, as {@code
   * load_state_dict}: the groups' options are replaced and the state is copied (floating tensors
   * cast to the parameter's dtype, all moved to its device; {@code step} kept as is). Nothing
   * changes unless the dict fits.
   */
  public void loadStateDict(OptimizerState stateDict) {
    List<Map<String, Object>> saved = stateDict.paramGroups();
    if (saved.size() != paramGroups.size()) {
      throw new IllegalArgumentException(
          "loaded state dict has a different number of parameter groups ("
              + saved.size()
              + ", this optimizer has "
              + paramGroups.size()
              + ")");
    }
    Map<Integer, Tensor> byId = new LinkedHashMap<>();
    for (int k = 0; k < saved.size(); k++) {
      List<Tensor> params = paramGroups.get(k).params();
      if (!(saved.get(k).get("params") instanceof List<?> ids) || ids.size() != params.size()) {
        throw new IllegalArgumentException(
            "loaded state dict contains a parameter group that doesn't match the size of"
                + " optimizer's group (group "
                + k
                + ")");
      }
      for (int i = 0; i < ids.size(); i++) {
        if (!(ids.get(i) instanceof Number id) || id.intValue() != id.doubleValue()) {
          throw new IllegalArgumentException(
              "loaded state dict: group " + k + " has a non-integer param index " + ids.get(i));
        }
        byId.put(id.intValue(), params.get(i));
      }
    }
    Map<Tensor, Map<String, Tensor>> loaded = new IdentityHashMap<>();
    for (var e : stateDict.state().entrySet()) {
      Tensor p = byId.get(e.getKey());
      if (p == null) {
        throw new IllegalArgumentException(
            "loaded state dict has state for parameter "
                + e.getKey()
                + ", which is in none of its param groups");
      }
      Map<String, Tensor> s = new LinkedHashMap<>();
      for (var kv : e.getValue().entrySet()) {
        s.put(kv.getKey(), cast(p, kv.getKey(), kv.getValue()));
      }
      loaded.put(p, s);
    }
    for (int k = 0; k < saved.size(); k++) {
      paramGroups.get(k).replaceOptions(saved.get(k));
    }
    state = loaded;
  }

  private static Tensor cast(Tensor param, String key, Tensor value) {
    Tensor v = value.detach().clone();
    if (!key.equals("step") && param.dtype().isFloatingPoint()) {
      v = v.to(param.dtype());
    }
    return v.to(param.device());
  }

  /** Prints like PyTorch: the class name, then each group's options (sorted) but its params. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append(" (");
    for (int i = 0; i < paramGroups.size(); i++) {
      sb.append("\nParameter Group ").append(i).append('\n');
      for (var e : new java.util.TreeMap<>(paramGroups.get(i).options()).entrySet()) {
        Object v = e.getValue();
        String s =
            v instanceof Boolean b
                ? (b ? "True" : "False")
                : v instanceof List<?> l
                    ? l.toString().replace('[', '(').replace(']', ')')
                    : String.valueOf(v);
        sb.append("    ").append(e.getKey()).append(": ").append(s).append('\n');
      }
    }
    return sb.append(')').toString();
  }
}
