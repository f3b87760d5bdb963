package jtorch.utils.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import jtorch.Torch;
import org.junit.jupiter.api.Test;

/**
 * {@code pinMemory(true)} without CUDA does as PyTorch without an accelerator: one warning, and
 * batches that are not pinned. (Pinned batches are tested against jtorch-cuda's fake driver.)
 */
class DataLoaderPinMemoryTest {
  @Test
  void withoutCudaOneWarningAndUnpinnedBatches() {
    var ds = new TensorDataset(Torch.randn(5, 2), Torch.randint(0, 3, 5));
    var loader = DataLoader.builder(ds).batchSize(2).numWorkers(1).pinMemory(true).build();
    assertThat(loader.toString()).contains("pinMemory");
    List<Batch> batches = new ArrayList<>();
    List<LogRecord> warnings =
        pinMemoryLogs(() -> {
          loader.forEach(batches::add);
          loader.forEach(batches::add); // a second epoch warns no more
        });
    assertThat(batches).hasSize(6).noneMatch(b -> b.input().isPinned() || b.target().isPinned());
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getLevel()).isEqualTo(Level.WARNING);
    assertThat(warnings.get(0).getMessage())
        .contains("DataLoader: pinMemory(true) but CUDA is not available")
        .contains("batches are not pinned")
        .contains(Torch.cuda().unavailableReason());
  }

  @Test
  void withoutPinMemoryNothingIsLogged() {
    var ds = new TensorDataset(Torch.randn(3, 2), Torch.randint(0, 3, 3));
    var loader = DataLoader.builder(ds).batchSize(2).build();
    assertThat(pinMemoryLogs(() -> loader.forEach(b -> {}))).isEmpty();
  }

  /** The records about pinMemory that the "jtorch" logger receives while {@code r} runs. */
  private static List<LogRecord> pinMemoryLogs(Runnable r) {
    Logger log = Logger.getLogger("jtorch");
    List<LogRecord> records = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord rec) {
            records.add(rec);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(capture);
    try {
      r.run();
    } finally {
      log.removeHandler(capture);
    }
    return records.stream().filter(rec -> rec.getMessage().contains("pinMemory")).toList();
  }
}
