package jtorch.autograd;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.internal.FreshGradients;

/**
 * Runs the backward pass: counts how many consumers each reachable node has, then applies nodes
 * once all of their output gradients have arrived (Kahn's order), with grad mode off.
 */
final class Engine {
  private Engine() {}

  /** Where the gradient of {@code t} must go: its grad_fn, or a leaf accumulator. */
  static Edge gradientEdge(Tensor t) {
    if (t.gradFn() != null) {
      return new Edge(t.gradFn(), t.outputNr());
    }
    if (t.requiresGrad()) {
      return new Edge(new AccumulateGrad(t), 0);
    }
    return null;
  }

  static void backward(Tensor root, Tensor grad, boolean retainGraph) {
    if (!root.requiresGrad()) {
      throw new IllegalStateException(
          "backward: element 0 of tensors does not require grad and does not have a grad_fn."
              + " Call requiresGrad_(true) on the inputs (leaves) before computing this tensor,"
              + " and do not compute it inside Torch.noGrad().");
    }
    if (grad == null) {
      if (root.numel() != 1) {
        throw new IllegalArgumentException(
            "backward: grad can be implicitly created only for scalar outputs, but the output has"
                + " shape "
                + root.shape()
                + ". Pass a gradient of that shape: backward(Torch.onesLike(out)), or reduce"
                + " first with sum() or mean().");
      }
      grad = Torch.onesLike(root);
    } else if (!grad.shape().equals(root.shape())) {
      throw new IllegalArgumentException(
          "backward: Mismatch in shape: grad_output[0] has a shape of "
              + grad.shape()
              + " and output[0] has a shape of "
              + root.shape()
              + ".");
    }
    Edge rootEdge = gradientEdge(root);
    Map<Node, Integer> deps = countDependencies(rootEdge.function());
    GradientBuffers buffers = new GradientBuffers();
    buffers.accumulate(rootEdge, grad);
    ArrayDeque<Node> ready = new ArrayDeque<>();
    ready.push(rootEdge.function());
    try (var guard = GradMode.noGrad()) {
      while (!ready.isEmpty()) {
        Node node = ready.pop();
        Tensor[] outs = buffers.take(node);
        for (int i = 0; i < outs.length; i++) {
          if (outs[i] == null) {
            outs[i] =
                Torch.zeros(node.outputShape(i).toArray(), node.outputDtype(i))
                    .to(node.outputDevice(i));
          }
        }
        Tensor[] ins;
        if (node instanceof AccumulateGrad leaf) {
          leaf.accumulate(outs[0], buffers.mayKeep(leaf, outs[0]));
          ins = new Tensor[0];
        } else {
          ins = node.backward(outs);
          if (!(node instanceof FreshGradients)) {
            buffers.foreign(ins);
          }
        }
        if (!retainGraph) {
          node.release();
        }
        for (int i = 0; i < node.nextFunctions().size(); i++) {
          Edge e = node.nextFunctions().get(i);
          if (e == null) {
            continue;
          }
          if (i < ins.length && ins[i] != null) {
            buffers.accumulate(e, conform(node, i, ins[i]));
          } else {
            buffers.expect(e.function());
          }
          int left = deps.merge(e.function(), -1, Integer::sum);
          if (left == 0) {
            ready.push(e.function());
          }
        }
      }
    }
  }

  private static Tensor conform(Node node, int i, Tensor g) {
    if (!g.shape().equals(node.inputShape(i))) {
      throw new IllegalStateException(
          "Function "
              + node.name()
              + " returned an invalid gradient at index "
              + i
              + " - got "
              + g.shape()
              + " but expected shape compatible with "
              + node.inputShape(i));
    }
    return g.dtype() == node.inputDtype(i) ? g : g.to(node.inputDtype(i));
  }

  private static Map<Node, Integer> countDependencies(Node root) {
    Map<Node, Integer> deps = new IdentityHashMap<>();
    Map<Node, Boolean> seen = new IdentityHashMap<>();
    ArrayDeque<Node> stack = new ArrayDeque<>();
    stack.push(root);
    seen.put(root, true);
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      for (Edge e : n.nextFunctions()) {
        if (e == null) {
          continue;
        }
        deps.merge(e.function(), 1, Integer::sum);
        if (seen.put(e.function(), true) == null) {
          stack.push(e.function());
        }
      }
    }
    return deps;
  }
}
