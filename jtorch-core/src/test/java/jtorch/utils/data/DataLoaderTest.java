package jtorch.utils.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jtorch.DType;
import jtorch.Generator;
import jtorch.Tensor;
import jtorch.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DataLoaderTest {

  private static TensorDataset numbers(int n) {
    return new TensorDataset(
        Torch.arange(0, n, 1).to(DType.FLOAT32).reshape(n, 1), Torch.arange(0, n, 1));
  }

  private static List<Long> targets(Iterable<Batch> loader) {
    List<Long> out = new ArrayList<>();
    for (Batch b : loader) {
      for (long v : b.target().toLongArray()) {
        out.add(v);
      }
    }
    return out;
  }

  @Test
  void batchesInOrderWithAPartialLastBatch() {
    var loader = new DataLoader<>(numbers(10), 4, false);
    assertThat(loader.size()).isEqualTo(3);
    List<Batch> batches = new ArrayList<>();
    loader.forEach(batches::add);
    assertThat(batches).extracting(Batch::size).containsExactly(4, 4, 2);
    assertThat(batches.get(0).input().shape().toArray()).containsExactly(4, 1);
    assertThat(batches.get(2).target().toLongArray()).containsExactly(8, 9);
  }

  @Test
  void dropLastDropsThePartialBatch() {
    var loader = DataLoader.builder(numbers(10)).batchSize(4).dropLast(true).build();
    assertThat(loader.size()).isEqualTo(2);
    assertThat(targets(loader)).hasSize(8);
  }

  @Test
  void shuffleIsAPermutationThatChangesPerEpochAndFollowsTheSeed() {
    var a = DataLoader.builder(numbers(100)).batchSize(7).shuffle(true).seed(3).build();
    var b = DataLoader.builder(numbers(100)).batchSize(7).shuffle(true).seed(3).build();
    List<Long> first = targets(a);
    assertThat(first).containsExactlyInAnyOrderElementsOf(targets(numbers100()));
    assertThat(first).isNotEqualTo(targets(numbers100()));
    assertThat(targets(b)).isEqualTo(first);
    assertThat(targets(a)).isNotEqualTo(first);
  }

  private static DataLoader<Example> numbers100() {
    return new DataLoader<>(numbers(100), 10, false);
  }

  @Test
  void workersKeepTheOrder() {
    var serial = DataLoader.builder(numbers(1000)).batchSize(16).shuffle(true).seed(9).build();
    var parallel =
        DataLoader.builder(numbers(1000)).batchSize(16).shuffle(true).seed(9).numWorkers(3).build();
    assertThat(targets(parallel)).isEqualTo(targets(serial));
  }

  @Test
  @Timeout(20)
  void aWorkersExceptionReachesTheCallerWithoutHanging() {
    Dataset<Example> broken =
        new Dataset<>() {
          @Override
          public int size() {
            return 100;
          }

          @Override
          public Example get(int index) {
            if (index == 42) {
              throw new IllegalStateException("bad example 42");
            }
            return new Example(Torch.zeros(1), Torch.tensor(index));
          }
        };
    var loader = DataLoader.builder(broken).batchSize(10).numWorkers(2).build();
    assertThatThrownBy(() -> targets(loader))
        .hasMessageContaining("DataLoader worker failed while loading batch 4")
        .hasRootCauseMessage("bad example 42");
  }

  @Test
  void otherExampleTypesNeedACollate() {
    Dataset<String> words =
        new Dataset<>() {
          @Override
          public int size() {
            return 3;
          }

          @Override
          public String get(int index) {
            return "w" + index;
          }
        };
    assertThatThrownBy(() -> new DataLoader<>(words, 2, false).iterator().next())
        .hasMessageContaining("pass a collate function");
    var custom =
        DataLoader.builder(words)
            .batchSize(2)
            .collate(l -> new Batch(Torch.tensor(l.size()).reshape(1), Torch.zeros(1)))
            .build();
    assertThat(custom.iterator().next().input().toLongArray()).containsExactly(2);
  }

  @Test
  void randomSplitPartitionsTheDataset() {
    var parts = Datasets.randomSplit(numbers(10), new int[] {7, 3}, new Generator(1));
    List<Long> all = new ArrayList<>();
    for (Subset<Example> p : parts) {
      for (int i = 0; i < p.size(); i++) {
        all.add(p.get(i).target().itemLong());
      }
    }
    assertThat(parts.get(0).size()).isEqualTo(7);
    assertThat(all).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThatThrownBy(() -> Datasets.randomSplit(numbers(10), new int[] {5, 4}, new Generator(1)))
        .hasMessageContaining("Sum of input lengths (9) does not equal");
  }

  @Test
  void tensorDatasetChecksSizes() {
    Tensor x = Torch.zeros(5, 2);
    assertThatThrownBy(() -> new TensorDataset(x, Torch.zeros(4)))
        .hasMessageContaining("Size mismatch between tensors: [5, 2] and [4]");
    assertThat(Arrays.asList(new TensorDataset(x, Torch.zeros(5)).get(4).data().shape().toArray()))
        .isNotEmpty();
  }
}
