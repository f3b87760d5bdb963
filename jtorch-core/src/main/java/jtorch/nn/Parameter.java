package jtorch.nn;

import jtorch.Tensor;

/**
 * A tensor that is a module's learnable state, as {@code torch.nn.Parameter}: a leaf that requires
 * grad by default and is found by {@link Module#parameters()}.
 *
 * <pre>{@code
 * Parameter w = new Parameter(Torch.randn(256, 4).div(Math.sqrt(256)));
 * w.requiresGrad();   // true
 * }</pre>
 */
public class Parameter extends Tensor {

  /** A parameter over {@code data}'s storage that requires grad. */
  public Parameter(Tensor data) {
    this(data, true);
  }

  /** A parameter over {@code data}'s storage; integer parameters cannot require grad. */
  public Parameter(Tensor data, boolean requiresGrad) {
    super(data, requiresGrad);
  }

  /** Prints as PyTorch does: {@code Parameter containing:} then the tensor. */
  @Override
  public String toString() {
    return "Parameter containing:\n" + super.toString();
  }
}
