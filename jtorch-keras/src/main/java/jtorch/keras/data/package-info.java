/**
 * Input pipelines, as {@code tf.data}: {@link jtorch.keras.data.Dataset} ({@code fromTensorSlices},
 * {@code shuffle}, {@code batch}, {@code map}, {@code prefetch}, {@code take}) yielding {@link
 * jtorch.keras.data.Element}s of {@code (x, y)}. See <a
 * href="https://www.tensorflow.org/guide/data">tf.data: Build TensorFlow input pipelines</a>.
 */
package jtorch.keras.data;
