package jtorch.keras.callbacks;

import java.util.List;
import java.util.Map;
import jtorch.Tensor;

/**
 * Stops training when a monitored metric has stopped improving, as {@code
 * keras.callbacks.EarlyStopping}. After {@code patience} epochs without an improvement larger than
 * {@code minDelta} it sets the model's stop flag; with {@code restoreBestWeights} it then puts back
 * the weights of the best epoch (as Keras, only when it stops training early).
 *
 * <pre>{@code
 * var stop = new EarlyStopping("val_loss", 2, true);
 * model.fit(train, 50, test, stop);
 * stop.stoppedEpoch();   // 0-based epoch at which training stopped, or 0
 * }</pre>
 *
 * <p>Defaults as Keras: monitor {@code val_loss}, min delta 0, patience 0, mode {@code auto}, no
 * baseline, no restoring. See <a
 * href="https://keras.io/api/callbacks/early_stopping/">EarlyStopping</a>.
 */
public class EarlyStopping extends Callback {
  private final String monitorName;
  private final int patience;
  private final boolean restoreBestWeights;
  private double minDelta;
  private String mode = "auto";
  private Double baseline;
  private int verbose;
  private int startFromEpoch;

  private Monitor monitor;
  private int wait;
  private int stoppedEpoch;
  private double best;
  private int bestEpoch;
  private List<Tensor> bestWeights;

  /** Keras's defaults: {@code val_loss}, patience 0. */
  public EarlyStopping() {
    this("val_loss", 0, false);
  }

  /**
   * Watches {@code monitor}, waiting {@code patience} epochs, optionally restoring the best
   * weights.
   */
  public EarlyStopping(String monitor, int patience, boolean restoreBestWeights) {
    if (patience < 0) {
      throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
    }
    this.monitorName = monitor;
    this.patience = patience;
    this.restoreBestWeights = restoreBestWeights;
  }

  /** Smallest change that counts as an improvement (default 0); returns this. */
  public EarlyStopping minDelta(double minDelta) {
    this.minDelta = Math.abs(minDelta);
    return this;
  }

  /** {@code "auto"} (default), {@code "min"} or {@code "max"}; returns this. */
  public EarlyStopping mode(String mode) {
    new Monitor(monitorName, mode); // validates
    this.mode = mode;
    return this;
  }

  /** A value the metric must beat for the waiting to restart; returns this. */
  public EarlyStopping baseline(double baseline) {
    this.baseline = baseline;
    return this;
  }

  /** 1 prints when it stops and restores (default 0); returns this. */
  public EarlyStopping verbose(int verbose) {
    this.verbose = verbose;
    return this;
  }

  /** Epochs to wait before watching (default 0); returns this. */
  public EarlyStopping startFromEpoch(int epoch) {
    this.startFromEpoch = epoch;
    return this;
  }

  /** The 0-based epoch at which training was stopped, or 0 if it was not. */
  public int stoppedEpoch() {
    return stoppedEpoch;
  }

  /** The 0-based epoch with the best value so far. */
  public int bestEpoch() {
    return bestEpoch;
  }

  @Override
  public void onTrainBegin(Map<String, Double> logs) {
    monitor = new Monitor(monitorName, mode);
    wait = 0;
    stoppedEpoch = 0;
    best = monitor.worst();
    bestEpoch = 0;
    bestWeights = null;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    Double current = monitor.read(logs, "Early stopping");
    if (current == null || epoch < startFromEpoch) {
      return;
    }
    if (restoreBestWeights && bestWeights == null) {
      bestWeights = model().getWeights(); // restore to the first epoch if nothing ever improves
    }
    wait++;
    if (monitor.improves(current, best, minDelta)) {
      best = current;
      bestEpoch = epoch;
      if (restoreBestWeights) {
        bestWeights = model().getWeights();
      }
      if (baseline == null || monitor.improves(current, baseline, minDelta)) {
        wait = 0;
      }
      return;
    }
    if (wait >= patience && epoch > 0) {
      stoppedEpoch = epoch;
      model().stopTraining(true);
      if (restoreBestWeights && bestWeights != null) {
        if (verbose > 0) {
          System.out.println(
              "Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
        }
        model().setWeights(bestWeights);
      }
    }
  }

  @Override
  public void onTrainEnd(Map<String, Double> logs) {
    if (stoppedEpoch > 0 && verbose > 0) {
      System.out.println("Epoch " + (stoppedEpoch + 1) + ": early stopping");
    }
  }
}
