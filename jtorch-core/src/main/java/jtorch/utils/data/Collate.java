package jtorch.utils.data;

import java.util.List;
import java.util.function.Function;
import jtorch.Tensor;
import jtorch.Torch;

/** Ways to turn a list of examples into a {@link Batch}, as {@code collate_fn}. */
public final class Collate {
  private Collate() {}

  /** Stacks the data and the targets of {@link Example}s along a new first dimension. */
  public static Function<List<Example>, Batch> stack() {
    return examples -> {
      Tensor[] data = new Tensor[examples.size()];
      Tensor[] target = new Tensor[examples.size()];
      for (int i = 0; i < data.length; i++) {
        data[i] = examples.get(i).data();
        target[i] = examples.get(i).target();
      }
      return new Batch(Torch.stack(data), Torch.stack(target));
    };
  }

  /** The default: {@link #stack()} for {@link Example}s, else an error asking for a collate. */
  @SuppressWarnings("unchecked")
  static <T> Function<List<T>, Batch> defaultFor() {
    Function<List<Example>, Batch> stack = stack();
    return items -> {
      if (!items.isEmpty() && !(items.get(0) instanceof Example)) {
        throw new IllegalArgumentException(
            "DataLoader: the default collate stacks Examples, but the dataset returned "
                + items.get(0).getClass().getName()
                + "; pass a collate function with DataLoader.builder(ds).collate(...)");
      }
      return stack.apply((List<Example>) items);
    };
  }
}
