package jtorch.utils.data;

import jtorch.Device;
import jtorch.Tensor;

/**
 * A batch from a {@link DataLoader}: stacked inputs and targets.
 *
 * <pre>{@code
 * for (Batch b : loader) {
 *   Tensor x = b.input(), y = b.target();   // [32, 1, 28, 28] and [32]
 * }
 * }</pre>
 *
 * @param input inputs, batch first
 * @param target targets, batch first
 */
public record Batch(Tensor input, Tensor target) {

  /** Number of examples in the batch. */
  public int size() {
    return (int) input.size(0);
  }

  /** Both tensors moved to {@code device}. */
  public Batch to(Device device) {
    return new Batch(input.to(device), target.to(device));
  }

  /**
   * Both tensors moved to {@code device}, asynchronously from pinned memory when {@code
   * nonBlocking} (see {@link Tensor#to(Device, boolean)}).
   */
  public Batch to(Device device, boolean nonBlocking) {
    return new Batch(input.to(device, nonBlocking), target.to(device, nonBlocking));
  }

  /** Both tensors in pinned host memory, as PyTorch's loader pins batches. */
  Batch pinMemory() {
    return new Batch(input.pinMemory(), target.pinMemory());
  }
}
