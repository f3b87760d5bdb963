/**
 * The Keras front end, as {@code keras} / {@code tf.keras}: {@link jtorch.keras.Sequential} and
 * {@link jtorch.keras.Model} (compile, fit, evaluate, predict, summary, weights), {@link
 * jtorch.keras.Keras} (input shapes, {@code constant}, device scopes, session state) and {@link
 * jtorch.keras.TensorShape}.
 *
 * <pre>{@code
 * import static jtorch.keras.Keras.inputShape;
 *
 * var model = new Sequential(new Dense(64, "relu", inputShape(784)), new Dense(10, "softmax"));
 * model.compile("adam", "sparse_categorical_crossentropy", List.of("accuracy"));
 * model.fit(Dataset.fromTensorSlices(x, y).shuffle(10000).batch(32), 5);
 * }</pre>
 *
 * <p>Everything runs on jtorch-core: layers are {@code jtorch.nn.Module}s calling {@code
 * jtorch.nn.functional}, optimizers are {@code jtorch.optim.Optimizer}s with Keras's update rules.
 * See <a href="https://keras.io/api/">the Keras API reference</a>.
 */
package jtorch.keras;
