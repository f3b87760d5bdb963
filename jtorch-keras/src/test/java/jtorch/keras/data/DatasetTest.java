package jtorch.keras.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import org.junit.jupiter.api.Test;

/** tf.data semantics: slices, buffer shuffling, batching, map, prefetch, take. */
class DatasetTest {
  private static final Tensor X = Torch.arange(100).reshape(100, 1);
  private static final Tensor Y = Torch.arange(100).to(DType.UINT8);

  private static List<Long> order(Dataset ds) {
    List<Long> out = new ArrayList<>();
    for (Element e : ds) {
      for (long v : e.x().reshape(-1).toLongArray()) {
        out.add(v);
      }
    }
    return out;
  }

  @Test
  void slicesPairRows() {
    Dataset ds = Dataset.fromTensorSlices(X, Y);
    assertThat(ds.cardinality()).isEqualTo(100);
    Element e = ds.iterator().next();
    assertThat(e.x().shape().toArray()).containsExactly(1);
    assertThat(e.y().dim()).isZero();
    assertThat(order(ds).subList(0, 3)).containsExactly(0L, 1L, 2L);
    assertThatThrownBy(() -> Dataset.fromTensorSlices(X, Torch.zeros(99)))
        .hasMessageContaining("same size in dimension 0");
  }

  @Test
  void batchesStackAndKeepOrDropTheRemainder() {
    List<Element> batches = new ArrayList<>();
    Dataset.fromTensorSlices(X, Y).batch(32).forEach(batches::add);
    assertThat(batches).hasSize(4);
    assertThat(batches.get(0).x().shape().toArray()).containsExactly(32, 1);
    assertThat(batches.get(0).y().shape().toArray()).containsExactly(32);
    assertThat(batches.get(0).y().dtype()).isEqualTo(DType.UINT8);
    assertThat(batches.get(3).batchSize()).isEqualTo(4);
    assertThat(Dataset.fromTensorSlices(X, Y).batch(32).cardinality()).isEqualTo(4);
    assertThat(Dataset.fromTensorSlices(X, Y).batch(32, true).cardinality()).isEqualTo(3);
    assertThat(order(Dataset.fromTensorSlices(X, Y).batch(32, true))).hasSize(96);
  }

  @Test
  void shuffleIsAPermutationReshuffledEachPass() {
    Dataset ds = Dataset.fromTensorSlices(X, Y).shuffle(100, 7);
    List<Long> first = order(ds);
    List<Long> second = order(ds);
    assertThat(new HashSet<>(first)).hasSize(100);
    assertThat(first).containsExactlyInAnyOrderElementsOf(second);
    assertThat(first).isNotEqualTo(second);
    // Seeded: the same sequence of passes again.
    Dataset again = Dataset.fromTensorSlices(X, Y).shuffle(100, 7);
    assertThat(order(again)).isEqualTo(first);
    // Without reshuffling each pass is the same.
    Dataset fixed = Dataset.fromTensorSlices(X, Y).shuffle(100, 7, false);
    assertThat(order(fixed)).isEqualTo(order(fixed));
  }

  @Test
  void shuffleBufferLimitsHowFarElementsMove() {
    // With a buffer of k the i-th output is one of the first i + k inputs (tf.data semantics).
    for (long seed = 0; seed < 5; seed++) {
      List<Long> out = order(Dataset.fromTensorSlices(X, Y).shuffle(10, seed));
      assertThat(new HashSet<>(out)).hasSize(100);
      for (int i = 0; i < out.size(); i++) {
        assertThat(out.get(i)).isLessThan(i + 10L);
      }
    }
    assertThat(order(Dataset.fromTensorSlices(X, Y).shuffle(1, 3)))
        .isEqualTo(order(Dataset.fromTensorSlices(X, Y)));
  }

  @Test
  void unseededShufflesFollowTorchManualSeed() {
    Torch.manualSeed(42);
    List<Long> a = order(Dataset.fromTensorSlices(X, Y).shuffle(50));
    Torch.manualSeed(42);
    List<Long> b = order(Dataset.fromTensorSlices(X, Y).shuffle(50));
    assertThat(a).isEqualTo(b);
  }

  @Test
  void mapTransformsElements() {
    Dataset ds = Dataset.fromTensorSlices(X, Y).map((x, y) -> new Element(x.mul(2), y)).batch(10);
    assertThat(order(ds).subList(0, 3)).containsExactly(0L, 2L, 4L);
    Dataset scaled = Dataset.fromTensorSlices(X.toFloat()).map(e -> Element.of(e.x().div(255.0)));
    assertThat(scaled.iterator().next().y()).isNull();
  }

  @Test
  void prefetchKeepsOrderOnABackgroundThread() {
    Set<String> threads = new HashSet<>();
    Dataset ds =
        Dataset.fromTensorSlices(X, Y)
            .map(e -> {
              threads.add(Thread.currentThread().getName());
              return e;
            })
            .batch(8)
            .prefetch(Dataset.AUTOTUNE);
    assertThat(order(ds)).isEqualTo(order(Dataset.fromTensorSlices(X, Y)));
    assertThat(ds.cardinality()).isEqualTo(13);
    assertThat(threads).containsExactly("jtorch-keras-prefetch");
  }

  @Test
  void prefetchRethrowsPipelineFailures() {
    Dataset ds =
        Dataset.fromTensorSlices(X, Y)
            .map(e -> {
              if (e.x().item() == 5) {
                throw new IllegalStateException("bad element 5");
              }
              return e;
            })
            .prefetch(2);
    assertThatThrownBy(() -> order(ds)).hasMessage("bad element 5");
  }

  @Test
  void takeLimits() {
    Dataset ds = Dataset.fromTensorSlices(X, Y).batch(10).take(3);
    assertThat(ds.cardinality()).isEqualTo(3);
    assertThat(order(ds)).hasSize(30);
  }
}
