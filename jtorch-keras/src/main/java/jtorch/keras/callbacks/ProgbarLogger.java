package jtorch.keras.callbacks;

import java.io.PrintStream;
import java.util.Map;

/**
 * Prints {@code Epoch 1/2} and Keras's progress bar for each epoch, as {@code
 * keras.callbacks.ProgbarLogger}. {@code fit} adds one itself when {@code verbose} is 1 or 2:
 *
 * <pre>
 * Epoch 1/2
 * 1875/1875 [==============================] - 103s 54ms/step - loss: 0.2274 - accuracy: 0.9314 - val_loss: 0.0619 - val_accuracy: 0.9813
 * </pre>
 *
 * <p>On a terminal the bar is redrawn as batches finish; otherwise one line per epoch is printed.
 * See {@link Progbar}.
 */
public class ProgbarLogger extends Callback {
  private final PrintStream out;
  private final boolean dynamic;
  private Progbar bar;
  private long seen;

  /** Prints to standard output, redrawing when it is a terminal. */
  public ProgbarLogger() {
    this(System.out, Progbar.onTerminal());
  }

  /** Prints to {@code out}; {@code dynamic} redraws the bar in place. */
  public ProgbarLogger(PrintStream out, boolean dynamic) {
    this.out = out;
    this.dynamic = dynamic;
  }

  private int verbose() {
    return params() == null ? 1 : params().verbose();
  }

  @Override
  public void onEpochBegin(int epoch, Map<String, Double> logs) {
    if (verbose() != 0 && params() != null && params().epochs() > 1) {
      out.println("Epoch " + (epoch + 1) + "/" + params().epochs());
    }
    long steps = params() == null ? -1 : params().steps();
    bar = new Progbar(steps, verbose(), out, dynamic);
    seen = 0;
  }

  @Override
  public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    seen = batch + 1L;
    bar.update(seen, logs, false);
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> logs) {
    long steps = params() == null ? -1 : params().steps();
    bar.update(steps >= 0 ? steps : seen, logs, true);
  }
}
