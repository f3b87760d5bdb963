package jtorch;

import static jtorch.Torch.arange;
import static jtorch.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.WeakReference;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageTest {

  @Test
  void writesThroughAViewAreSeenByTheBase() {
    Tensor p = tensor(new float[][] {{1, 2}, {3, 4}, {5, 6}});
    p.get(1).fill_(9);
    p.t().get(1).get(2).fill_(7);
    assertThat(p.toFloatArray()).containsExactly(1, 2, 9, 9, 5, 7);
    assertThat(p.untypedStorage().getByte(8)).isEqualTo((byte) 0); // 9.0f = 0x41100000, LE
    assertThat(p.untypedStorage().getByte(11)).isEqualTo((byte) 0x41);
  }

  @Test
  void reshapeCopiesOnlyWhenItMust() {
    Tensor a = arange(12).reshape(3, 4);
    assertThat(a.reshape(4, 3).untypedStorage()).isSameAs(a.untypedStorage());
    Tensor t = a.t();
    Tensor r = t.reshape(12);
    assertThat(r.untypedStorage()).isNotSameAs(a.untypedStorage());
    assertThat(r.toLongArray()).containsExactly(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
    assertThatThrownBy(() -> t.view(12))
        .hasMessageContaining("view size [12] is not compatible")
        .hasMessageContaining("Use .reshape(...) instead");
  }

  @Test
  void offHeapStorageIsUsedInPlace() {
    MemorySegment seg = Arena.ofAuto().allocate(4 * 4, 64);
    for (int i = 0; i < 4; i++) {
      seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, i + 1);
    }
    Tensor t = Torch.fromStorage(UntypedStorage.wrap(seg, Device.CPU), DType.FLOAT32);
    assertThat(t.mul(2.0).toFloatArray()).containsExactly(2, 4, 6, 8);
    t.add_(1.0);
    assertThat(seg.getAtIndex(ValueLayout.JAVA_FLOAT, 3)).isEqualTo(5f);
  }

  @Test
  void memoryMappedFilesLoadWithoutCopying(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("floats.bin");
    MemorySegment data = Arena.ofAuto().allocate(6 * 4);
    for (int i = 0; i < 6; i++) {
      data.setAtIndex(ValueLayout.JAVA_FLOAT, i, i * 0.5f);
    }
    Files.write(file, data.toArray(ValueLayout.JAVA_BYTE));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        Arena arena = Arena.ofConfined()) {
      MemorySegment mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, 24, arena);
      Tensor t =
          Torch.fromStorage(
              UntypedStorage.wrap(mapped, Device.CPU),
              DType.FLOAT32,
              0,
              new long[] {2, 3},
              new long[] {3, 1});
      assertThat(t.sum(1).toFloatArray()).containsExactly(1.5f, 6f);
      assertThat(t.untypedStorage().segment().isMapped()).isTrue();
    }
  }

  @Test
  void viewsOutsideTheStorageAreRejected() {
    UntypedStorage s = Torch.zeros(4).untypedStorage();
    assertThatThrownBy(() -> Torch.fromStorage(s, DType.FLOAT32, 1, new long[] {4}, new long[] {1}))
        .hasMessageContaining("out of bounds")
        .hasMessageContaining("needs 20 bytes but the storage has 16");
  }

  @Test
  void storageBeyondTwoToThe31ElementsWorks() {
    long n = (1L << 31) + 64;
    Tensor big = Torch.zeros(new long[] {n}, DType.INT8);
    assertThat(big.untypedStorage().array()).isNull(); // off-heap
    Tensor tail = big.narrow(0, n - 8, 8);
    tail.fill_(3);
    assertThat(big.get(n - 1).item()).isEqualTo(3.0);
    assertThat(big.get(n - 9).item()).isZero();
    assertThat(tail.sum().item()).isEqualTo(24.0);
  }

  @Test
  void cpuStorageIsFreedByTheGarbageCollector() throws InterruptedException {
    WeakReference<UntypedStorage> ref = new WeakReference<>(Torch.randn(1000).untypedStorage());
    for (int i = 0; i < 1_000_000; i++) {
      tensor(new float[] {i}).add(1.0);
    }
    for (int i = 0; i < 20 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    assertThat(ref.get()).isNull();
  }
}
