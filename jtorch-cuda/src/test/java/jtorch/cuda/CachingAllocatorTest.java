package jtorch.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The caching allocator's bookkeeping, over a fake device with a memory limit. */
class CachingAllocatorTest {
  private static final long MIB = 1L << 20;

  /** Hands out addresses from a counter and remembers what is live. */
  static final class FakeDevice implements RawAllocator {
    final long capacity;
    final Map<Long, Long> live = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    long next = 0x10000000L;
    int syncs;

    FakeDevice(long capacity) {
      this.capacity = capacity;
    }

    long used() {
      return live.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public long allocate(long bytes) {
      calls.add("alloc " + bytes);
      if (used() + bytes > capacity) {
        return 0;
      }
      long a = next;
      next += bytes + 4096;
      live.put(a, bytes);
      return a;
    }

    @Override
    public void free(long address) {
      calls.add("free");
      assertThat(live.remove(address)).as("freeing a live segment").isNotNull();
    }

    @Override
    public void synchronize() {
      syncs++;
    }
  }

  @Test
  void sizesRoundTo512Bytes() {
    assertThat(CachingAllocator.roundSize(0)).isEqualTo(512);
    assertThat(CachingAllocator.roundSize(1)).isEqualTo(512);
    assertThat(CachingAllocator.roundSize(512)).isEqualTo(512);
    assertThat(CachingAllocator.roundSize(513)).isEqualTo(1024);
  }

  @Test
  void smallRequestsShareATwoMebibyteSegment() {
    FakeDevice dev = new FakeDevice(100 * MIB);
    CachingAllocator a = new CachingAllocator(dev, Long.MAX_VALUE, () -> {});
    CachingAllocator.Block x = a.allocate(1000);
    CachingAllocator.Block y = a.allocate(100);
    assertThat(dev.live).hasSize(1).containsValue(2 * MIB);
    assertThat(y.address()).isEqualTo(x.address() + 1024);
    assertThat(a.stats().allocated()).isEqualTo(1024 + 512);
    assertThat(a.stats().reserved()).isEqualTo(2 * MIB);
    assertThat(a.stats().liveBlocks()).isEqualTo(2);
  }

  @Test
  void freedBlocksAreReusedWithoutAskingTheDevice() {
    FakeDevice dev = new FakeDevice(100 * MIB);
    CachingAllocator a = new CachingAllocator(dev, Long.MAX_VALUE, () -> {});
    CachingAllocator.Block big = a.allocate(5 * MIB);
    long address = big.address();
    a.free(big);
    assertThat(a.stats().allocated()).isZero();
    assertThat(a.stats().reserved()).isEqualTo(6 * MIB);
    CachingAllocator.Block again = a.allocate(5 * MIB - 100);
    assertThat(again.address()).isEqualTo(address);
    assertThat(dev.calls).containsExactly("alloc " + 6 * MIB);
  }

  @Test
  void largeBlocksSplitAndMergeBack() {
    FakeDevice dev = new FakeDevice(100 * MIB);
    CachingAllocator a = new CachingAllocator(dev, Long.MAX_VALUE, () -> {});
    CachingAllocator.Block whole = a.allocate(8 * MIB);
    a.free(whole);
    CachingAllocator.Block p = a.allocate(3 * MIB);
    CachingAllocator.Block q = a.allocate(3 * MIB);
    assertThat(p.address()).isEqualTo(whole.address());
    assertThat(q.address()).isEqualTo(whole.address() + 3 * MIB);
    assertThat(dev.live).hasSize(1);
    a.free(p);
    a.free(q);
    // merged into one free block spanning the segment again: an 8 MiB request fits
    CachingAllocator.Block r = a.allocate(8 * MIB);
    assertThat(r.address()).isEqualTo(whole.address());
    assertThat(dev.live).hasSize(1);
  }

  @Test
  void emptyCacheReturnsOnlyWholeFreeSegments() {
    FakeDevice dev = new FakeDevice(100 * MIB);
    CachingAllocator a = new CachingAllocator(dev, Long.MAX_VALUE, () -> {});
    CachingAllocator.Block small1 = a.allocate(1000);
    CachingAllocator.Block small2 = a.allocate(1000);
    CachingAllocator.Block large = a.allocate(4 * MIB);
    a.free(small1);
    a.free(large);
    a.emptyCache();
    assertThat(dev.live).hasSize(1); // the small segment still holds small2
    assertThat(a.stats().reserved()).isEqualTo(2 * MIB);
    assertThat(dev.syncs).isEqualTo(1);
    a.free(small2);
    a.emptyCache();
    assertThat(dev.live).isEmpty();
    assertThat(a.stats()).isEqualTo(new CachingAllocator.Stats(0, 0, 4 * MIB + 2048, 0, 0));
  }

  @Test
  void outOfMemoryCollectsThenFreesTheCacheAndRetries() {
    FakeDevice dev = new FakeDevice(10 * MIB);
    int[] collections = {0};
    CachingAllocator a = new CachingAllocator(dev, Long.MAX_VALUE, () -> collections[0]++);
    a.free(a.allocate(6 * MIB)); // cached, 6 MiB reserved
    CachingAllocator.Block b = a.allocate(8 * MIB); // does not fit next to the cache
    assertThat(b.size()).isEqualTo(8 * MIB);
    assertThat(collections[0]).isEqualTo(1);
    assertThat(dev.calls)
        .containsExactly(
            "alloc " + 6 * MIB, "alloc " + 8 * MIB, "alloc " + 8 * MIB, "free", "alloc " + 8 * MIB);
    assertThat(a.stats().reserved()).isEqualTo(8 * MIB);
  }

  @Test
  void outOfMemoryAfterTheRetryNamesTheSizesAndTheFix() {
    FakeDevice dev = new FakeDevice(10 * MIB);
    CachingAllocator a = new CachingAllocator(dev, Long.MAX_VALUE, () -> {});
    a.allocate(6 * MIB);
    assertThatThrownBy(() -> a.allocate(7 * MIB))
        .isInstanceOf(CudaOutOfMemoryError.class)
        .hasMessageContaining("tried to allocate 7.00 MiB")
        .hasMessageContaining("6.00 MiB are allocated by live tensors")
        .hasMessageContaining("6.00 MiB reserved")
        .hasMessageContaining("emptyCache()");
  }

  @Test
  void pastTheThresholdUnreachableTensorsAreCollectedBeforeANewSegment() {
    FakeDevice dev = new FakeDevice(1L << 40);
    List<CachingAllocator.Block> garbage = new ArrayList<>();
    int[] collections = {0};
    CachingAllocator[] holder = new CachingAllocator[1];
    CachingAllocator a =
        new CachingAllocator(
            dev,
            8 * MIB,
            () -> { // what System.gc() and the Cleaner do: free the unreachable blocks
              collections[0]++;
              garbage.forEach(holder[0]::free);
              garbage.clear();
            });
    holder[0] = a;
    for (int i = 0; i < 4; i++) {
      garbage.add(a.allocate(2 * MIB)); // 8 MiB reserved, all of it unreachable
    }
    assertThat(collections[0]).isZero();
    CachingAllocator.Block b = a.allocate(2 * MIB);
    assertThat(collections[0]).isEqualTo(1);
    assertThat(a.stats().reserved()).as("reused, no new segment").isEqualTo(8 * MIB);
    assertThat(a.stats().allocated()).isEqualTo(2 * MIB);
    assertThat(b.address()).isNotZero();
  }

  @Test
  void aCollectionThatFreesNothingIsNotRepeatedForEveryAllocation() {
    FakeDevice dev = new FakeDevice(1L << 40);
    int[] collections = {0};
    CachingAllocator a = new CachingAllocator(dev, 64 * MIB, () -> collections[0]++);
    for (int i = 0; i < 40; i++) {
      a.allocate(2 * MIB); // all live: collecting frees nothing
    }
    // once past 64 MiB (the 33rd), then again only after another 8 MiB (the 37th)
    assertThat(collections[0]).isEqualTo(2);
    assertThat(a.stats().reserved()).isEqualTo(80 * MIB);
  }

  @Test
  void peakAndDoubleFree() {
    CachingAllocator a = new CachingAllocator(new FakeDevice(100 * MIB), Long.MAX_VALUE, () -> {});
    CachingAllocator.Block x = a.allocate(3 * MIB);
    CachingAllocator.Block y = a.allocate(1 * MIB + 1);
    long peak = a.stats().allocated();
    a.free(x);
    a.free(y);
    assertThat(a.stats().peakAllocated()).isEqualTo(peak);
    a.resetPeak();
    assertThat(a.stats().peakAllocated()).isZero();
    assertThatThrownBy(() -> a.free(x)).hasMessageContaining("is not allocated");
  }

  @Test
  void manyAllocationsOfATrainingStepReachASteadyState() {
    FakeDevice dev = new FakeDevice(1L << 40);
    CachingAllocator a = new CachingAllocator(dev, Long.MAX_VALUE, () -> {});
    long[] sizes = {4, 128, 4096, 36864, 73728, 1179648, 18432 * 4, 320, 40};
    for (int step = 0; step < 20; step++) {
      List<CachingAllocator.Block> live = new ArrayList<>();
      for (long s : sizes) {
        live.add(a.allocate(s * 4));
      }
      live.forEach(a::free);
      if (step == 0) {
        dev.calls.clear();
      }
    }
    assertThat(dev.calls).as("no device calls after the first step").isEmpty();
    assertThat(a.stats().allocated()).isZero();
    assertThat(a.stats().liveBlocks()).isZero();
  }
}
