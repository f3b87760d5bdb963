package jtorch.nn;

import jtorch.Tensor;

/**
 * Log-softmax along {@code dim}, as {@code torch.nn.LogSoftmax}.
 *
 * <pre>{@code
 * System.out.println(new LogSoftmax(1));   // LogSoftmax(dim=1)
 * }</pre>
 */
public class LogSoftmax extends Module {
  private final int dim;

  /** Along {@code dim}. */
  public LogSoftmax(int dim) {
    this.dim = dim;
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.logSoftmax(dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
