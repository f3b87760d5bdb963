package jtorch.utils.data;

import jtorch.Tensor;

/**
 * Examples that are rows of tensors sharing their first dimension, as {@code
 * torch.utils.data.TensorDataset}.
 *
 * <pre>{@code
 * var ds = new TensorDataset(Torch.randn(100, 4), Torch.randint(0, 2, 100));
 * ds.get(3).data().shape();   // [4]
 * }</pre>
 */
public final class TensorDataset implements Dataset<Example> {
  private final Tensor data;
  private final Tensor target;

  /** Rows of {@code data} with the rows of {@code target}. */
  public TensorDataset(Tensor data, Tensor target) {
    if (data.dim() == 0 || target.dim() == 0 || data.size(0) != target.size(0)) {
      throw new IllegalArgumentException(
          "TensorDataset: Size mismatch between tensors: "
              + data.shape()
              + " and "
              + target.shape()
              + "; both need the same size in dimension 0");
    }
    this.data = data;
    this.target = target;
  }

  @Override
  public int size() {
    return (int) data.size(0);
  }

  @Override
  public Example get(int index) {
    return new Example(data.get(index), target.get(index));
  }

  /** The inputs. */
  public Tensor data() {
    return data;
  }

  /** The targets. */
  public Tensor target() {
    return target;
  }
}
