package jtorch.keras.callbacks;

/**
 * What {@code fit} tells its callbacks before training, as Keras's {@code callback.params}.
 *
 * <pre>{@code
 * params().epochs();   // 2
 * params().steps();    // 1875, or -1 when the dataset's size is unknown
 * }</pre>
 *
 * @param epochs number of epochs asked for
 * @param steps batches per epoch, or -1 when unknown
 * @param verbose the verbosity: 0 silent, 1 progress bar, 2 one line per epoch
 */
public record TrainingParams(int epochs, long steps, int verbose) {}
