package jtorch.autograd;

import jtorch.Tensor;

/**
 * Functional entry points of autograd, as {@code torch.autograd.backward}. Most code calls {@link
 * Tensor#backward()} instead.
 */
public final class Autograd {
  private Autograd() {}

  /**
   * Accumulates the gradient of {@code output} into the leaves it depends on.
   *
   * @param output a tensor that requires grad
   * @param gradOutput the gradient of some scalar with respect to {@code output}; null for a
   *     one-element output (then 1)
   * @param retainGraph keep saved tensors so that backward can run again through the same graph
   */
  public static void backward(Tensor output, Tensor gradOutput, boolean retainGraph) {
    Engine.backward(output, gradOutput, retainGraph);
  }
}
