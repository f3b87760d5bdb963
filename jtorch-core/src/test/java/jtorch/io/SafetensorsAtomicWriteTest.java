package jtorch.io;

import static jtorch.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import jtorch.DType;
import jtorch.Device;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.UntypedStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A save that fails leaves the previous file as it was and no temporary file behind. */
class SafetensorsAtomicWriteTest {
  @TempDir Path dir;

  private Path existing() throws IOException {
    Path file = dir.resolve("model.safetensors");
    SafeTensors.save(Map.of("w", tensor(new float[] {1, 2, 3})), file, Map.of("v", "1"));
    return file;
  }

  /** A tensor whose bytes cannot be read: its memory was freed (the arena is closed). */
  private static Tensor unreadable() {
    MemorySegment seg;
    try (Arena arena = Arena.ofConfined()) {
      seg = arena.allocate(3 << 20);
    }
    return Torch.fromStorage(UntypedStorage.wrap(seg, Device.CPU), DType.FLOAT32);
  }

  @Test
  void aTensorWhoseWriteThrowsLeavesTheOldFileIntact() throws IOException {
    Path file = existing();
    byte[] before = Files.readAllBytes(file);
    LinkedHashMap<String, Tensor> state = new LinkedHashMap<>();
    state.put("first", Torch.ones(1 << 20)); // 4 MiB already written when the failure comes
    state.put("broken", unreadable());

    assertThatThrownBy(() -> SafeTensors.save(state, file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(TestFiles.list(dir)).containsExactly("model.safetensors");
    assertThat(SafeTensors.load(file).get("w").toFloatArray()).containsExactly(1, 2, 3);
    assertThat(SafeTensors.loadMetadata(file)).containsEntry("v", "1");
  }

  @Test
  void aFailedFirstSaveLeavesNoFile() {
    Path file = dir.resolve("new.safetensors");
    assertThatThrownBy(() -> SafeTensors.save(Map.of("broken", unreadable()), file))
        .isInstanceOf(IllegalStateException.class);
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void aTargetThatIsADirectoryIsNotReplaced() throws IOException {
    Path target = Files.createDirectory(dir.resolve("model.safetensors"));
    Files.writeString(target.resolve("keep.txt"), "x");
    assertThatThrownBy(() -> SafeTensors.save(Map.of("w", Torch.ones(2)), target))
        .isInstanceOf(FileSystemException.class)
        .hasMessageContaining("is a directory");
    assertThat(TestFiles.list(dir)).containsExactly("model.safetensors");
    assertThat(Files.readString(target.resolve("keep.txt"))).isEqualTo("x");
  }

  @Test
  void aMissingDirectoryIsAnError() {
    Path file = dir.resolve("no/such/dir/model.safetensors");
    assertThatThrownBy(() -> SafeTensors.save(Map.of("w", Torch.ones(2)), file))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void aReadOnlyDirectoryLeavesTheOldFileIntact() throws IOException {
    assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
    Path file = existing();
    byte[] before = Files.readAllBytes(file);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      // Root ignores permissions: then there is nothing to test.
      assumeThat(Files.isWritable(dir)).as("directory writable despite r-x (root?)").isFalse();
      assertThatThrownBy(() -> SafeTensors.save(Map.of("w", Torch.zeros(9)), file))
          .isInstanceOf(IOException.class);
      assertThat(Files.readAllBytes(file)).isEqualTo(before);
      assertThat(TestFiles.list(dir)).containsExactly("model.safetensors");
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void aSuccessfulSaveReplacesTheFileAndLeavesNothingElse() throws IOException {
    Path file = existing();
    SafeTensors.save(Map.of("v", tensor(new long[] {7, 8})), file);
    assertThat(TestFiles.list(dir)).containsExactly("model.safetensors");
    assertThat(SafeTensors.load(file)).containsOnlyKeys("v");
    assertThat(SafeTensors.loadMetadata(file)).isEmpty();
  }
}
