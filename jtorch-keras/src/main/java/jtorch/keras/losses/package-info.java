/**
 * Keras losses, computed as TensorFlow's backend computes them (probability clipping to {@code
 * [1e-7, 1 - 1e-7]}, logits taken from a preceding softmax): {@link
 * jtorch.keras.losses.SparseCategoricalCrossentropy}, {@link
 * jtorch.keras.losses.CategoricalCrossentropy}, {@link jtorch.keras.losses.BinaryCrossentropy},
 * {@link jtorch.keras.losses.MeanSquaredError}; {@link jtorch.keras.losses.Losses#get} by name. See
 * <a href="https://keras.io/api/losses/">Losses</a>.
 */
package jtorch.keras.losses;
