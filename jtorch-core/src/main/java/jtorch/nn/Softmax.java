package jtorch.nn;

import jtorch.Tensor;

/**
 * Softmax along {@code dim}, as {@code torch.nn.Softmax}.
 *
 * <pre>{@code
 * new Softmax(0).forward(Torch.zeros(4));   // tensor([0.2500, 0.2500, 0.2500, 0.2500])
 * }</pre>
 */
public class Softmax extends Module {
  private final int dim;

  /** Along {@code dim}. */
  public Softmax(int dim) {
    this.dim = dim;
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.softmax(dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
