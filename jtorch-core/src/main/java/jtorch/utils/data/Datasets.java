package jtorch.utils.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jtorch.Generator;
import jtorch.Torch;

/** Dataset helpers, as the functions of {@code torch.utils.data}. */
public final class Datasets {
  private Datasets() {}

  /**
   * Splits {@code dataset} into non-overlapping random subsets of the given lengths, as {@code
   * random_split}.
   *
   * <pre>{@code
   * var parts = Datasets.randomSplit(train, new int[] {50000, 10000}, new Generator(42));
   * }</pre>
   */
  public static <T> List<Subset<T>> randomSplit(Dataset<T> dataset, int[] lengths, Generator g) {
    int total = Arrays.stream(lengths).sum();
    if (total != dataset.size()) {
      throw new IllegalArgumentException(
          "randomSplit: Sum of input lengths ("
              + total
              + ") does not equal the length of the input dataset ("
              + dataset.size()
              + ")");
    }
    long[] perm = Torch.randperm(dataset.size(), g).toLongArray();
    List<Subset<T>> out = new ArrayList<>();
    int start = 0;
    for (int len : lengths) {
      int[] idx = new int[len];
      for (int i = 0; i < len; i++) {
        idx[i] = (int) perm[start + i];
      }
      out.add(new Subset<>(dataset, idx));
      start += len;
    }
    return out;
  }
}
