package jtorch.keras;

import java.util.List;
import java.util.Map;
import jtorch.keras.callbacks.Callback;

/** Calls every callback in order, as Keras's {@code CallbackList}. */
final class CallbackList {
  private final List<Callback> callbacks;

  CallbackList(List<Callback> callbacks) {
    this.callbacks = List.copyOf(callbacks);
  }

  void trainBegin(Map<String, Double> logs) {
    for (Callback c : callbacks) {
      c.onTrainBegin(logs);
    }
  }

  void trainEnd(Map<String, Double> logs) {
    for (Callback c : callbacks) {
      c.onTrainEnd(logs);
    }
  }

  void epochBegin(int epoch, Map<String, Double> logs) {
    for (Callback c : callbacks) {
      c.onEpochBegin(epoch, logs);
    }
  }

  void epochEnd(int epoch, Map<String, Double> logs) {
    for (Callback c : callbacks) {
      c.onEpochEnd(epoch, logs);
    }
  }

  void batchBegin(int batch, Map<String, Double> logs) {
    for (Callback c : callbacks) {
      c.onTrainBatchBegin(batch, logs);
    }
  }

  void batchEnd(int batch, Map<String, Double> logs) {
    for (Callback c : callbacks) {
      c.onTrainBatchEnd(batch, logs);
    }
  }
}
