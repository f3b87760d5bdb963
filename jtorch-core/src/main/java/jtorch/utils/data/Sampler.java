package jtorch.utils.data;

import jtorch.Generator;
import jtorch.Torch;

/**
 * The order in which a {@link DataLoader} visits a dataset in one epoch, as {@code
 * torch.utils.data.Sampler}.
 *
 * <pre>{@code
 * Sampler s = Sampler.random(60000, new Generator(0));
 * int[] firstEpoch = s.order();
 * }</pre>
 */
@FunctionalInterface
public interface Sampler {

  /** The indices of one epoch, in visiting order; a new draw per call for random samplers. */
  int[] order();

  /** {@code 0, 1, ..., n-1}, as {@code SequentialSampler}. */
  static Sampler sequential(int n) {
    return () -> {
      int[] o = new int[n];
      for (int i = 0; i < n; i++) {
        o[i] = i;
      }
      return o;
    };
  }

  /** A fresh permutation of {@code 0..n-1} each epoch, as {@code RandomSampler}. */
  static Sampler random(int n, Generator generator) {
    return () -> {
      long[] p = Torch.randperm(n, generator).toLongArray();
      int[] o = new int[n];
      for (int i = 0; i < n; i++) {
        o[i] = (int) p[i];
      }
      return o;
    };
  }

  /** A fresh permutation of {@code indices} each epoch, as {@code SubsetRandomSampler}. */
  static Sampler subsetRandom(int[] indices, Generator generator) {
    int[] copy = indices.clone();
    return () -> {
      long[] p = Torch.randperm(copy.length, generator).toLongArray();
      int[] o = new int[copy.length];
      for (int i = 0; i < o.length; i++) {
        o[i] = copy[(int) p[i]];
      }
      return o;
    };
  }
}
