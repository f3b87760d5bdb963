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
    Tensor g = gradOutputs[0];
    Tensor current = leaf.grad();
    if (current == null) {
      leaf.setGrad(g.clone());
    } else {
      current.add_(g);
    }
    return new Tensor[0];
  }
}
