/**
 * Training callbacks, as {@code keras.callbacks}: {@link jtorch.keras.callbacks.History} (what
 * {@code fit} returns), {@link jtorch.keras.callbacks.ProgbarLogger} (Keras's progress bar, see
 * {@link jtorch.keras.callbacks.Progbar}), {@link jtorch.keras.callbacks.EarlyStopping}, {@link
 * jtorch.keras.callbacks.ModelCheckpoint} (safetensors), {@link jtorch.keras.callbacks.CSVLogger},
 * on the base class {@link jtorch.keras.callbacks.Callback}. See <a
 * href="https://keras.io/api/callbacks/">Callbacks API</a>.
 */
package jtorch.keras.callbacks;
