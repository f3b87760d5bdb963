package jtorch.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import jtorch.DType;
import jtorch.Device;
import jtorch.Tensor;
import jtorch.Torch;

/**
 * Base class of all layers and models, as {@code torch.nn.Module}. Parameters, buffers and
 * submodules are registered explicitly by name, so {@link #namedParameters()}, {@link #to}, {@link
 * #stateDict()} and optimizers find them.
 *
 * <pre>{@code
 * class Net extends Module {
 *   final Linear fc = register("fc", new Linear(4, 2));
 *   public Tensor forward(Tensor x) { return F.relu(fc.forward(x)); }
 * }
 * new Net().namedParameters().keySet();   // [fc.weight, fc.bias]
 * System.out.println(new Net());          // Net(
 *                                         //   (fc): Linear(in_features=4, out_features=2, bias=True)
 *                                         // )
 * }</pre>
 */
public abstract class Module {
  private final Map<String, Parameter> parameters = new LinkedHashMap<>();
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  private final Set<String> nonPersistent = new HashSet<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private boolean training = true;

  /** For subclasses. */
  protected Module() {}

  /** Computes the output for {@code input}. */
  public abstract Tensor forward(Tensor input);

  /** Registers a submodule under {@code name} and returns it. */
  protected final <M extends Module> M register(String name, M module) {
    checkName(name);
    children.put(name, module);
    return module;
  }

  /**
   * Registers a learnable parameter (or null, for an absent one such as a disabled bias) and
   * returns it as a {@link Parameter}.
   */
  protected final Parameter registerParameter(String name, Tensor value) {
    checkName(name);
    Parameter p =
        value == null || value instanceof Parameter ? (Parameter) value : new Parameter(value);
    parameters.put(name, p);
    return p;
  }

  /** Registers state that is not learned (running statistics), saved in the state dict. */
  protected final Tensor registerBuffer(String name, Tensor value) {
    return registerBuffer(name, value, true);
  }

  /** Registers a buffer; a non-persistent one is left out of {@link #stateDict()}. */
  protected final Tensor registerBuffer(String name, Tensor value, boolean persistent) {
    checkName(name);
    buffers.put(name, value);
    if (!persistent) {
      nonPersistent.add(name);
    }
    return value;
  }

  private void checkName(String name) {
    if (name.isEmpty() || name.contains(".")) {
      throw new IllegalArgumentException(
          "register: name must be non-empty and contain no '.', got '" + name + "'");
    }
    if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
      throw new IllegalArgumentException("register: attribute '" + name + "' already exists");
    }
  }

  // ---- traversal ------------------------------------------------------------------------------

  /** All parameters of this module and its submodules, each once, in registration order. */
  public List<Parameter> parameters() {
    return new ArrayList<>(namedParameters().values());
  }

  /** Parameters by dotted name ({@code cn1.weight}), each tensor once. */
  public Map<String, Parameter> namedParameters() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(this, "", out, seen, true);
    return out;
  }

  /** Buffers by dotted name. */
  public Map<String, Tensor> namedBuffers() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collect(this, "", out, Collections.newSetFromMap(new IdentityHashMap<>()), false);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static <T extends Tensor> void collect(
      Module m, String prefix, Map<String, T> out, Set<Tensor> seen, boolean params) {
    Map<String, ? extends Tensor> own = params ? m.parameters : m.buffers;
    for (var e : own.entrySet()) {
      if (e.getValue() != null && seen.add(e.getValue())) {
        out.put(prefix + e.getKey(), (T) e.getValue());
      }
    }
    for (var c : m.children.entrySet()) {
      collect(c.getValue(), prefix + c.getKey() + ".", out, seen, params);
    }
  }

  /** Direct submodules, in registration order. */
  public List<Module> children() {
    return new ArrayList<>(children.values());
  }

  /** Direct submodules by name. */
  public Map<String, Module> namedChildren() {
    return Collections.unmodifiableMap(children);
  }

  /** This module and all below it, depth first, as {@code modules()}. */
  public List<Module> modules() {
    List<Module> out = new ArrayList<>();
    out.add(this);
    for (Module c : children.values()) {
      out.addAll(c.modules());
    }
    return out;
  }

  /** Calls {@code fn} on every submodule and then this one, as {@code apply}; returns this. */
  public Module apply(Consumer<Module> fn) {
    for (Module c : children.values()) {
      c.apply(fn);
    }
    fn.accept(this);
    return this;
  }

  // ---- mode, device, gradients ----------------------------------------------------------------

  /**
   * Sets training mode here and below (dropout and batch norm behave differently); returns this.
   */
  public Module train(boolean mode) {
    training = mode;
    for (Module c : children.values()) {
      c.train(mode);
    }
    return this;
  }

  /** Same as {@code train(true)}. */
  public Module train() {
    return train(true);
  }

  /** Same as {@code train(false)}. */
  public Module eval() {
    return train(false);
  }

  /** True in training mode. */
  public boolean isTraining() {
    return training;
  }

  /** Moves parameters and buffers to {@code device} in place (they keep their identity). */
  public Module to(Device device) {
    return convert(t -> t.to(device), false);
  }

  /** Converts floating parameters and buffers to {@code dtype} in place. */
  public Module to(DType dtype) {
    if (!dtype.isFloatingPoint()) {
      throw new IllegalArgumentException(
          "Module.to only accepts floating point dtypes, but got desired dtype=" + dtype);
    }
    return convert(t -> t.to(dtype), true);
  }

  private Module convert(java.util.function.UnaryOperator<Tensor> fn, boolean floatingOnly) {
    try (var guard = Torch.noGrad()) {
      for (Module m : modules()) {
        for (Parameter p : m.parameters.values()) {
          if (p != null && (!floatingOnly || p.dtype().isFloatingPoint())) {
            p.set_(fn.apply(p.detach()));
            if (p.grad() != null) {
              p.setGrad(fn.apply(p.grad()));
            }
          }
        }
        for (Tensor b : m.buffers.values()) {
          if (b != null && (!floatingOnly || b.dtype().isFloatingPoint())) {
            b.set_(fn.apply(b.detach()));
          }
        }
      }
    }
    return this;
  }

  /** Clears the gradients of all parameters (sets them to null, as PyTorch 2 does). */
  public void zeroGrad() {
    for (Parameter p : parameters()) {
      p.setGrad(null);
    }
  }

  // ---- state dict -----------------------------------------------------------------------------

  /** Parameters and persistent buffers by dotted name, detached, as {@code state_dict()}. */
  public Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    addState(this, "", out);
    return out;
  }

  private static void addState(Module m, String prefix, Map<String, Tensor> out) {
    for (var e : m.parameters.entrySet()) {
      if (e.getValue() != null) {
        out.put(prefix + e.getKey(), e.getValue().detach());
      }
    }
    for (var e : m.buffers.entrySet()) {
      if (e.getValue() != null && !m.nonPersistent.contains(e.getKey())) {
        out.put(prefix + e.getKey(), e.getValue().detach());
      }
    }
    for (var c : m.children.entrySet()) {
      addState(c.getValue(), prefix + c.getKey() + ".", out);
    }
  }

  /** Copies values from {@code state} into this module's tensors; every key must match. */
  public IncompatibleKeys loadStateDict(Map<String, Tensor> state) {
    return loadStateDict(state, true);
  }

  /**
   * Copies values from {@code state}, as {@code load_state_dict}. With {@code strict}, missing or
   * unexpected keys fail with PyTorch's report; shape mismatches always fail. Nothing is copied
   * unless everything checks out.
   */
  public IncompatibleKeys loadStateDict(Map<String, Tensor> state, boolean strict) {
    Map<String, Tensor> own = stateDict();
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (var e : own.entrySet()) {
      Tensor src = state.get(e.getKey());
      if (src == null) {
        missing.add(e.getKey());
      } else if (!src.shape().equals(e.getValue().shape())) {
        errors.add(
            "size mismatch for "
                + e.getKey()
                + ": copying a param with shape torch.Size("
                + src.shape()
                + ") from checkpoint, the shape in current model is torch.Size("
                + e.getValue().shape()
                + ").");
      }
    }
    for (String k : state.keySet()) {
      if (!own.containsKey(k)) {
        unexpected.add(k);
      }
    }
    if (strict && !unexpected.isEmpty()) {
      errors.add(0, "Unexpected key(s) in state_dict: " + quoted(unexpected) + ". ");
    }
    if (strict && !missing.isEmpty()) {
      errors.add(0, "Missing key(s) in state_dict: " + quoted(missing) + ". ");
    }
    if (!errors.isEmpty()) {
      throw new IllegalStateException(
          "Error(s) in loading state_dict for "
              + getClass().getSimpleName()
              + ":\n\t"
              + String.join("\n\t", errors));
    }
    try (var guard = Torch.noGrad()) {
      for (var e : own.entrySet()) {
        Tensor src = state.get(e.getKey());
        if (src != null) {
          e.getValue().copy_(src);
        }
      }
    }
    return new IncompatibleKeys(missing, unexpected);
  }

  private static String quoted(List<String> keys) {
    return String.join(", ", keys.stream().map(k -> "\"" + k + "\"").toList());
  }

  // ---- printing -------------------------------------------------------------------------------

  /** The part inside the parentheses of this module's line, as {@code extra_repr()}. */
  protected String extraRepr() {
    return "";
  }

  /** Prints the module tree as PyTorch does. */
  @Override
  public String toString() {
    String name = getClass().getSimpleName();
    if (children.isEmpty()) {
      return name + "(" + extraRepr() + ")";
    }
    StringBuilder sb = new StringBuilder(name).append('(');
    String extra = extraRepr();
    if (!extra.isEmpty()) {
      sb.append("\n  ").append(extra.replace("\n", "\n  "));
    }
    for (var c : children.entrySet()) {
      sb.append("\n  (")
          .append(c.getKey())
          .append("): ")
          .append(c.getValue().toString().replace("\n", "\n  "));
    }
    return sb.append("\n)").toString();
  }
}
