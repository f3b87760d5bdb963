package jtorch.keras.callbacks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of a training run that {@code fit} returns, as {@code keras.callbacks.History}: each
 * metric's value after every epoch.
 *
 * <pre>{@code
 * History h = model.fit(train, 2, test);
 * h.get("loss");           // [0.2274, 0.0873], one per epoch (the tutorial's ConvNet)
 * h.get("val_accuracy");   // [0.9813, 0.9843]
 * h.history().keySet();    // [loss, accuracy, val_loss, val_accuracy]
 * }</pre>
 *
 * <p>See <a href="https://keras.io/api/models/model_training_apis/#fit-method">Model.fit</a>.
 */
public class History extends Callback {
  private final Map<String, List<Double>> history = new LinkedHashMap<>();
  private final List<Integer> epochs = new ArrayList<>();

  /** An empty history. */
  public History() {}

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    epochs.add(epoch);
    logs.forEach((k, v) -> history.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
  }

  /** The values of {@code metric}, one per epoch; fails naming the known metrics if absent. */
  public List<Double> get(String metric) {
    List<Double> v = history.get(metric);
    if (v == null) {
      throw new IllegalArgumentException(
          "History has no metric '" + metric + "'; it has " + history.keySet());
    }
    return Collections.unmodifiableList(v);
  }

  /** All metrics, in the order they were logged, as {@code history.history}. */
  public Map<String, List<Double>> history() {
    Map<String, List<Double>> out = new LinkedHashMap<>();
    history.forEach((k, v) -> out.put(k, Collections.unmodifiableList(v)));
    return Collections.unmodifiableMap(out);
  }

  /** The epochs recorded (0-based), as {@code history.epoch}. */
  public List<Integer> epoch() {
    return Collections.unmodifiableList(epochs);
  }

  @Override
  public String toString() {
    return "History(" + history + ")";
  }
}
