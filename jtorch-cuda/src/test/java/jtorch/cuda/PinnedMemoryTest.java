package jtorch.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The block sizes of the pinned-memory cache (the cache itself runs in {@link FakeDriverTest}). */
class PinnedMemoryTest {
  @Test
  void blocksArePowersOfTwoOfAtLeastFourKiB() {
    assertThat(PinnedMemory.blockSize(0)).isEqualTo(4096);
    assertThat(PinnedMemory.blockSize(4096)).isEqualTo(4096);
    assertThat(PinnedMemory.blockSize(4097)).isEqualTo(8192);
    assertThat(PinnedMemory.blockSize(100_352)).isEqualTo(131_072); // an MNIST batch of 32
    assertThat(PinnedMemory.blockSize(1L << 33)).isEqualTo(1L << 33);
    assertThat(PinnedMemory.blockSize((1L << 33) + 1)).isEqualTo(1L << 34);
  }
}
