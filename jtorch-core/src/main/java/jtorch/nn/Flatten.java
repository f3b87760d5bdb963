package jtorch.nn;

import jtorch.Tensor;

/**
 * Flattens dimensions {@code startDim..endDim} (default 1..-1, keeping the batch), as {@code
 * torch.nn.Flatten}.
 *
 * <pre>{@code
 * new Flatten().forward(Torch.zeros(32, 32, 12, 12)).shape();   // [32, 4608]
 * }</pre>
 */
public class Flatten extends Module {
  private final int startDim;
  private final int endDim;

  /** Flattens all but the batch dimension. */
  public Flatten() {
    this(1, -1);
  }

  /** Flattens {@code startDim..endDim}. */
  public Flatten(int startDim, int endDim) {
    this.startDim = startDim;
    this.endDim = endDim;
  }

  @Override
  public Tensor forward(Tensor x) {
    return x.flatten(startDim, endDim);
  }

  @Override
  protected String extraRepr() {
    return "start_dim=" + startDim + ", end_dim=" + endDim;
  }
}
