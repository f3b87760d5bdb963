package jtorch.keras.callbacks;

import java.util.Map;
import jtorch.keras.Model;

/**
 * Hooks into {@code fit}, as {@code keras.callbacks.Callback}. Every method does nothing by
 * default; override those you need. {@code logs} maps metric names to values: per batch the running
 * means of the epoch so far ({@code loss}, {@code accuracy}), at the end of an epoch the epoch's
 * values plus the validation ones ({@code val_loss}, {@code val_accuracy}).
 *
 * <pre>{@code
 * class PrintLoss extends Callback {
 *   @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
 *     System.out.println("epoch " + (epoch + 1) + ": loss " + logs.get("loss"));
 *   }
 * }
 * model.fit(train, 2, test, new PrintLoss());
 * }</pre>
 *
 * <p>Epochs and batches are counted from 0, as in Keras. See <a
 * href="https://keras.io/api/callbacks/base_callback/">Base Callback class</a>.
 */
public abstract class Callback {
  private Model model;
  private TrainingParams params;

  /** For subclasses. */
  protected Callback() {}

  /** Called by {@code fit} before training: the model being trained. */
  public void setModel(Model model) {
    this.model = model;
  }

  /** The model being trained (null before {@code fit}). */
  public Model model() {
    return model;
  }

  /** Called by {@code fit} before training: epochs, steps per epoch, verbosity. */
  public void setParams(TrainingParams params) {
    this.params = params;
  }

  /** The training parameters (null before {@code fit}). */
  public TrainingParams params() {
    return params;
  }

  /** At the start of {@code fit}. */
  public void onTrainBegin(Map<String, Double> logs) {}

  /** At the end of {@code fit}, with the last epoch's logs. */
  public void onTrainEnd(Map<String, Double> logs) {}

  /** At the start of epoch {@code epoch} (0-based). */
  public void onEpochBegin(int epoch, Map<String, Double> logs) {}

  /** At the end of epoch {@code epoch}, after validation. */
  public void onEpochEnd(int epoch, Map<String, Double> logs) {}

  /** Before training batch {@code batch} (0-based, within the epoch). */
  public void onTrainBatchBegin(int batch, Map<String, Double> logs) {}

  /** After training batch {@code batch}, with the epoch's running means. */
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {}
}
