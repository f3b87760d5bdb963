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
}
