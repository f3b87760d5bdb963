package jtorch.nn;

import jtorch.Tensor;

/**
 * {@code max(x, 0)}, as {@code torch.nn.ReLU}.
 *
 * <pre>{@code
 * new ReLU().forward(Torch.tensor(new float[] {-1, 2}));   // tensor([0., 2.])
 * }</pre>
 */
public class ReLU extends Module {

  /** The activation. */
  public ReLU() {}

  @Override
  public Tensor forward(Tensor x) {
    return x.relu();
  }
}
