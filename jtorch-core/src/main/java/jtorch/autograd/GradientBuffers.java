package jtorch.autograd;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import jtorch.Tensor;
import jtorch.UntypedStorage;
import jtorch.internal.FreshGradients;
import jtorch.internal.TensorAccess;

/**
 * The gradients waiting for each node during one backward pass, and which of them a leaf may keep
 * as its {@code grad} without a copy: one whose storage was made during the pass by a node that
 * returns fresh gradients ({@link FreshGradients}) and that no waiting gradient shares (a view, or
 * the same tensor passed on to two nodes). PyTorch decides the same by the gradient's reference
 * count.
 */
final class GradientBuffers {
  private static final TensorAccess.Hooks HOOKS = TensorAccess.get();

  private final long before;
  private final Map<Node, Tensor[]> waiting = new IdentityHashMap<>();
  private final Map<UntypedStorage, Integer> held = new IdentityHashMap<>();
  private final Set<UntypedStorage> foreign = Collections.newSetFromMap(new IdentityHashMap<>());

  /** The buffers of a pass beginning now. */
  GradientBuffers() {
    before = HOOKS.storagesCreated();
  }

  /** Adds {@code g} to the gradient waiting for input {@code e.inputNr()} of {@code e}'s node. */
  void accumulate(Edge e, Tensor g) {
    Tensor[] slots = expect(e.function());
    Tensor prev = slots[e.inputNr()];
    if (prev != null) {
      release(prev);
      g = prev.add(g);
    }
    slots[e.inputNr()] = g;
    held.merge(g.untypedStorage(), 1, Integer::sum);
  }

  /** The slots of {@code node}'s output gradients, empty (null) until some arrive. */
  Tensor[] expect(Node node) {
    return waiting.computeIfAbsent(node, n -> new Tensor[n.numOutputs()]);
  }

  /** Removes and returns the gradients waiting for {@code node}, which it now consumes. */
  Tensor[] take(Node node) {
    Tensor[] slots = waiting.remove(node);
    for (Tensor t : slots) {
      if (t != null) {
        release(t);
      }
    }
    return slots;
  }

  /** Marks gradients from a node that may keep them (a user's): no leaf keeps them uncopied. */
  void foreign(Tensor[] gradients) {
    for (Tensor t : gradients) {
      if (t != null) {
        foreign.add(t.untypedStorage());
      }
    }
  }

  /**
   * True when {@code leaf} may keep {@code g} itself: no later node can get hold of its storage
   * then, for every node gets its gradients from the waiting ones.
   */
  boolean mayKeep(AccumulateGrad leaf, Tensor g) {
    UntypedStorage s = g.untypedStorage();
    return HOOKS.storageSerial(g) > before
        && !held.containsKey(s)
        && !foreign.contains(s)
        && leaf.fits(g);
  }

  private void release(Tensor t) {
    held.computeIfPresent(t.untypedStorage(), (s, n) -> n == 1 ? null : n - 1);
  }
}
