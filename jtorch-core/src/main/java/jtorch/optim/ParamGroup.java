package jtorch.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jtorch.Tensor;

/**
 * A list of parameters with their own optimizer options, as an entry of PyTorch's {@code
 * optimizer.param_groups} (C++: {@code OptimizerParamGroup}). Options use PyTorch's names ({@code
 * "lr"}, {@code "momentum"}, {@code "weight_decay"}, {@code "betas"}, ...); the ones a group leaves
 * out are filled from the optimizer's defaults when it is added.
 *
 * <pre>{@code
 * var opt = new SGD(List.of(
 *     new ParamGroup(model.fc1.parameters(), Map.of("lr", 0.01)),   // its own lr
 *     new ParamGroup(model.fc2.parameters())),                      // the default lr
 *     0.1).momentum(0.9);
 * for (ParamGroup g : opt.paramGroups()) {
 *   g.lr(g.lr() * 0.5);   // as group['lr'] *= 0.5
 * }
 * }</pre>
 *
 * <p>Values are stored as {@code Double} (any number), {@code Boolean}, {@code List<Double>} (a
 * {@code double[]} or list of numbers, e.g. {@code betas}) or {@code String}. See <a
 * href="https://pytorch.org/docs/stable/optim.html#per-parameter-options">per-parameter
 * options</a>.
 */
public final class ParamGroup {
  private final List<Tensor> params;
  private final Map<String, Object> options = new LinkedHashMap<>();
  private final Set<String> explicit = new HashSet<>();

  /** A group whose options all come from the optimizer's defaults. */
  public ParamGroup(Iterable<? extends Tensor> params) {
    this(params, Map.of());
  }

  /** A group with its own {@code options} (PyTorch names); the rest come from the defaults. */
  public ParamGroup(Iterable<? extends Tensor> params, Map<String, ?> options) {
    List<Tensor> list = new ArrayList<>();
    for (Tensor p : params) {
      if (p == null) {
        throw new IllegalArgumentException("optimizer can only optimize Tensors, but got null");
      }
      list.add(p);
    }
    this.params = Collections.unmodifiableList(list);
    options.forEach(this::set);
  }

  /** A copy sharing the parameters, with the options copied. */
  ParamGroup copy() {
    ParamGroup g = new ParamGroup(params);
    g.options.putAll(options);
    g.explicit.addAll(explicit);
    return g;
  }

  /** The parameters, in order (unmodifiable). */
  public List<Tensor> params() {
    return params;
  }

  /** All options by PyTorch name, in insertion order (an unmodifiable view). */
  public Map<String, Object> options() {
    return Collections.unmodifiableMap(options);
  }

  /** True when the group has option {@code key}. */
  public boolean has(String key) {
    return options.containsKey(key);
  }

  /** The value of option {@code key}; fails when the group has no such option. */
  public Object get(String key) {
    Object v = options.get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          "param group has no option '" + key + "'; it has " + options.keySet());
    }
    return v;
  }

  /** A numeric option. */
  public double getDouble(String key) {
    if (get(key) instanceof Double d) {
      return d;
    }
    throw new IllegalArgumentException(
        "param group option '" + key + "' is not a number: " + options.get(key));
  }

  /** A boolean option. */
  public boolean getBoolean(String key) {
    if (get(key) instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException(
        "param group option '" + key + "' is not a boolean: " + options.get(key));
  }

  /** A list-of-numbers option such as {@code betas}. */
  public List<Double> getDoubles(String key) {
    if (get(key) instanceof List<?> l) {
      List<Double> out = new ArrayList<>();
      for (Object o : l) {
        out.add((Double) o);
      }
      return out;
    }
    throw new IllegalArgumentException(
        "param group option '" + key + "' is not a list of numbers: " + options.get(key));
  }

  /** Sets option {@code key} for this group only, as {@code group[key] = value}; returns this. */
  public ParamGroup set(String key, Object value) {
    if (key == null || key.equals("params")) {
      throw new IllegalArgumentException(
          "param group option name must not be " + (key == null ? "null" : "'params'"));
    }
    options.put(key, normalize(key, value));
    explicit.add(key);
    return this;
  }

  /** The learning rate, as {@code group['lr']}. */
  public double lr() {
    return getDouble("lr");
  }

  /** Sets the learning rate, as {@code group['lr'] = lr} (what schedulers do); returns this. */
  public ParamGroup lr(double lr) {
    return set("lr", lr);
  }

  /** Sets {@code key} unless this group set it itself (an optimizer default). */
  void setDefault(String key, Object value) {
    if (!explicit.contains(key)) {
      options.put(key, normalize(key, value));
    }
  }

  /** Replaces all options (by a loaded state dict). */
  void replaceOptions(Map<String, ?> saved) {
    Map<String, Object> copy = new LinkedHashMap<>();
    saved.forEach((k, v) -> {
      if (!k.equals("params")) {
        copy.put(k, normalize(k, v));
      }
    });
    options.clear();
    explicit.clear();
    options.putAll(copy);
    explicit.addAll(copy.keySet());
  }

  private static Object normalize(String key, Object value) {
    return switch (value) {
      case null -> throw new IllegalArgumentException("param group option '" + key + "' is null");
      case Number n -> n.doubleValue();
      case Boolean b -> b;
      case String s -> s;
      case double[] a -> java.util.Arrays.stream(a).boxed().toList();
      case List<?> l -> {
        List<Double> out = new ArrayList<>();
        for (Object o : l) {
          if (!(o instanceof Number n)) {
            throw new IllegalArgumentException(
                "param group option '" + key + "' must hold numbers, got " + l);
          }
          out.add(n.doubleValue());
        }
        yield List.copyOf(out);
      }
      default ->
          throw new IllegalArgumentException(
              "param group option '"
                  + key
                  + "' must be a number, boolean, string or list of numbers, got "
                  + value.getClass().getSimpleName());
    };
  }

  @Override
  public String toString() {
    return "ParamGroup(" + params.size() + " params, " + options + ")";
  }
}
