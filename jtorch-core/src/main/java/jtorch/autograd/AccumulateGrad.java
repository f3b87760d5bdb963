package jtorch.autograd;

import jtorch.Tensor;

/** The sink for a leaf tensor: adds the incoming gradient to {@code leaf.grad()}. */
final class AccumulateGrad extends Node {
  private final Tensor leaf;

  AccumulateGrad(Tensor leaf) {
    super(new Tensor[0], 1);
    this.leaf = leaf;
    setOutput(0, leaf);
  }

  @Override
  public String name() {
    return "AccumulateGrad";
  }

  @Override
  protected Tensor[] backward(Tensor[] gradOutputs) {
    accumulate(gradOutputs[0], false);
    return new Tensor[0];
  }

  /**
   * Adds {@code g} to the leaf's gradient; when the leaf has none, {@code g} itself becomes it if
   * {@code owned} (nothing else holds its storage), else a copy.
   */
  void accumulate(Tensor g, boolean owned) {
    Tensor current = leaf.grad();
    if (current == null) {
      leaf.setGrad(owned ? g : g.clone());
    } else {
      current.add_(g);
    }
  }

  /**
   * True when {@code g} laid out as the leaf (contiguous, from the start of its storage) can be its
   * grad.
   */
  boolean fits(Tensor g) {
    return leaf.isContiguous()
        && g.isContiguous()
        && g.storageOffset() == 0
        && g.numel() * g.dtype().itemSize() == g.untypedStorage().nbytes()
        && g.dtype() == leaf.dtype()
        && g.device().equals(leaf.device())
        && g.shape().equals(leaf.shape());
  }
}
