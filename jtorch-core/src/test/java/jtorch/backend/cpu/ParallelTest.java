package jtorch.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * {@link Parallel#forRange}: every index once, in the same chunks whichever thread runs them, a
 * chunk's exception on the caller, and calls made from inside a chunk or from several threads at
 * once.
 */
class ParallelTest {
  private static final long BIG = Parallel.GRAIN; // cost per item that makes every item a chunk

  @Test
  void coversEveryIndexOnceInFixedChunks() {
    for (long total : new long[] {1, 2, 7, 100, 100_000}) {
      for (long cost : new long[] {1, BIG}) {
        AtomicIntegerArray seen = new AtomicIntegerArray((int) total);
        List<long[]> chunks = Collections.synchronizedList(new ArrayList<>());
        Parallel.forRange(
            total,
            cost,
            (s, e) -> {
              chunks.add(new long[] {s, e});
              for (long i = s; i < e; i++) {
                seen.incrementAndGet((int) i);
              }
            });
        for (int i = 0; i < total; i++) {
          assertThat(seen.get(i)).as("total %d cost %d index %d", total, cost, i).isEqualTo(1);
        }
        List<long[]> again = Collections.synchronizedList(new ArrayList<>());
        Parallel.forRange(total, cost, (s, e) -> again.add(new long[] {s, e}));
        chunks.sort(Comparator.comparingLong(c -> c[0]));
        again.sort(Comparator.comparingLong(c -> c[0]));
        assertThat(again).usingElementComparator(Arrays::compare).isEqualTo(chunks);
      }
    }
  }

  @Test
  void aChunksExceptionReachesTheCallerAndThePoolKeepsWorking() {
    for (long bad : new long[] {0, 5, 15}) { // the caller's first chunk, or likely a worker's
      assertThatThrownBy(() ->
              Parallel.forRange(
                  16,
                  BIG,
                  (s, e) -> {
                    if (s <= bad && bad < e) {
                      throw new IllegalArgumentException("bad index " + bad);
                    }
                  }))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("bad index " + bad);
    }
    AtomicIntegerArray seen = new AtomicIntegerArray(16);
    Parallel.forRange(
        16,
        BIG,
        (s, e) -> {
          for (long i = s; i < e; i++) {
            seen.incrementAndGet((int) i);
          }
        });
    for (int i = 0; i < 16; i++) {
      assertThat(seen.get(i)).isEqualTo(1);
    }
  }

  @Test
  void callsFromInsideAChunkAndFromManyThreadsRunToCompletion() throws Exception {
    AtomicIntegerArray nested = new AtomicIntegerArray(8 * 8);
    Parallel.forRange(
        8,
        BIG,
        (s, e) -> {
          for (long i = s; i < e; i++) {
            long outer = i;
            Parallel.forRange(
                8,
                BIG,
                (s2, e2) -> {
                  for (long j = s2; j < e2; j++) {
                    nested.incrementAndGet((int) (outer * 8 + j));
                  }
                });
          }
        });
    for (int i = 0; i < 64; i++) {
      assertThat(nested.get(i)).as("nested index %d", i).isEqualTo(1);
    }
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      List<Future<long[]>> sums = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        sums.add(
            callers.submit(() -> {
              long[] sum = new long[1000];
              for (int rep = 0; rep < 50; rep++) {
                Parallel.forRange(
                    1000,
                    BIG,
                    (s, e) -> {
                      for (long i = s; i < e; i++) {
                        sum[(int) i] += i;
                      }
                    });
              }
              return sum;
            }));
      }
      for (Future<long[]> f : sums) {
        long[] sum = f.get();
        for (int i = 0; i < sum.length; i++) {
          assertThat(sum[i]).isEqualTo(50L * i);
        }
      }
    } finally {
      callers.shutdownNow();
    }
  }
}
