/**
 * jtorch's Keras front end: the Keras/TensorFlow way of building and training models, over the same
 * core as {@code jtorch.nn} (layers call {@code jtorch.nn.functional} and {@code Tensor} ops; there
 * are no kernels here).
 *
 * <pre>{@code
 * var model = new Sequential(
 *     new Conv2D(16, 3, "relu", inputShape(28, 28, 1)), new Conv2D(32, 3, "relu"),
 *     new MaxPooling2D(2), new Dropout(0.1), new Flatten(),
 *     new Dense(64, "relu"), new Dropout(0.25), new Dense(10, "softmax"));
 * model.compile(new Adadelta(0.5), "sparse_categorical_crossentropy", List.of("accuracy"));
 * History h = model.fit(train, 2, test);
 * }</pre>
 */
module jtorch.keras {
  requires transitive jtorch.core;
  requires jtorch.vision;

  exports jtorch.keras;
  exports jtorch.keras.layers;
  exports jtorch.keras.optimizers;
  exports jtorch.keras.losses;
  exports jtorch.keras.metrics;
  exports jtorch.keras.initializers;
  exports jtorch.keras.data;
  exports jtorch.keras.datasets;
  exports jtorch.keras.callbacks;
}
