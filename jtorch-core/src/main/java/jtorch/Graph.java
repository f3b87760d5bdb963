package jtorch;

import jtorch.autograd.GradMode;
import jtorch.autograd.Node;
import jtorch.autograd.SavedTensor;
import jtorch.internal.FreshGradients;

/** Records primitive ops in the autograd graph with their rule from {@link Derivatives}. */
final class Graph {
  private Graph() {}

  /**
   * A backward rule: input gradients from the output gradient and the saved tensors. {@code
   * inputShapes} holds the shape of each input that needs a gradient and null for the others (null
   * inputs, and inputs that do not require grad), so that rules of several inputs can skip work
   * whose result would be dropped, such as the gradient of a dropout mask.
   */
  @FunctionalInterface
  interface Rule {
    Tensor[] backward(Tensor grad, Tensor[] saved, Size[] inputShapes);
  }

  /** True when an op over {@code inputs} must be recorded. */
  static boolean needed(Tensor... inputs) {
    if (!GradMode.isEnabled()) {
      return false;
    }
    for (Tensor t : inputs) {
      if (t != null && t.requiresGrad()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Connects {@code out} to a new node named {@code name} when any input requires grad; returns
   * {@code out}.
   */
  static Tensor record(String name, Tensor out, Tensor[] inputs, Tensor[] save, Rule rule) {
    if (!needed(inputs)) {
      return out;
    }
    if (!out.dtype().isFloatingPoint()) {
      return out;
    }
    OpNode node = new OpNode(name, inputs, rule);
    node.keep(save);
    node.setOutput(0, out);
    Tensor.setHistory(out, node, 0);
    return out;
  }

  private static final class OpNode extends Node implements FreshGradients {
    private final String name;
    private final Rule rule;
    private final Size[] shapes;
    private SavedTensor[] saved = new SavedTensor[0];

    OpNode(String name, Tensor[] inputs, Rule rule) {
      super(inputs, 1);
      this.name = name;
      this.rule = rule;
      shapes = new Size[inputs.length];
      for (int i = 0; i < inputs.length; i++) {
        shapes[i] = inputs[i] == null || !inputs[i].requiresGrad() ? null : inputs[i].shape();
      }
    }

    void keep(Tensor[] save) {
      saved = new SavedTensor[save.length];
      for (int i = 0; i < save.length; i++) {
        saved[i] = save(save[i]);
      }
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    protected Tensor[] backward(Tensor[] gradOutputs) {
      Tensor[] s = new Tensor[saved.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = saved[i].unpack(this);
      }
      return rule.backward(gradOutputs[0], s, shapes);
    }
  }
}
