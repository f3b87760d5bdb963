/**
 * Keras layers, as {@code keras.layers}: {@link jtorch.keras.layers.Conv2D}, {@link
 * jtorch.keras.layers.MaxPooling2D}, {@link jtorch.keras.layers.Dropout}, {@link
 * jtorch.keras.layers.Flatten}, {@link jtorch.keras.layers.Dense}, {@link
 * jtorch.keras.layers.Activation}, {@link jtorch.keras.layers.InputLayer}, on the base class {@link
 * jtorch.keras.layers.Layer}. Images are channels-last ({@code (batch, height, width, channels)})
 * and weights have Keras's shapes, so Keras weights load unchanged. See <a
 * href="https://keras.io/api/layers/">Keras layers API</a>.
 */
package jtorch.keras.layers;
