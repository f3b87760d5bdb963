import static jtorch.keras.Keras.inputShape;

import java.nio.file.Path;
import java.util.List;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.keras.Keras;
import jtorch.keras.Sequential;
import jtorch.keras.callbacks.History;
import jtorch.keras.data.Dataset;
import jtorch.keras.datasets.Mnist;
import jtorch.keras.layers.Conv2D;
import jtorch.keras.layers.Dense;
import jtorch.keras.layers.Dropout;
import jtorch.keras.layers.Flatten;
import jtorch.keras.layers.MaxPooling2D;
import jtorch.keras.optimizers.Adadelta;

/**
 * The tutorial's TensorFlow/Keras half in jtorch: the MNIST ConvNet as a {@code keras.Sequential},
 * compiled with Adadelta(0.5) and sparse categorical cross-entropy, trained for 2 epochs with the
 * test set as validation data. Its PyTorch-style twin is TorchMnist.java, the Model-subclass form
 * KerasMnistSubclass.java.
 *
 * <p>Run (see examples/README.md): {@code java --add-modules jdk.incubator.vector -cp
 * "$(cat jtorch-keras/target/classpath.txt):jtorch-keras/target/classes" examples/KerasMnist.java
 * [MNIST_ROOT]}. Without an argument the data come from {@code Mnist.loadData()} (the cache
 * {@code ~/.jtorch/datasets}, downloaded once; {@code JTORCH_MNIST_MIRROR} names a folder to copy
 * from); with one, from {@code MNIST_ROOT/MNIST/raw/*.gz}.
 */
public class KerasMnist {
  public static void main(String[] args) throws Exception {
    Keras.setRandomSeed(0);

    // (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    Mnist data = args.length > 0 ? Mnist.loadData(Path.of(args[0])) : Mnist.loadData();
    Tensor xTrain = data.xTrain().to(DType.FLOAT32).div(255.0).unsqueeze(-1); // NHWC
    Tensor xTest = data.xTest().to(DType.FLOAT32).div(255.0).unsqueeze(-1);
    Dataset train = Dataset.fromTensorSlices(xTrain, data.yTrain()).shuffle(10000).batch(32);
    Dataset test = Dataset.fromTensorSlices(xTest, data.yTest()).batch(500);

    var model =
        new Sequential(
            new Conv2D(16, 3, "relu", inputShape(28, 28, 1)),
            new Conv2D(32, 3, "relu"),
            new MaxPooling2D(2),
            new Dropout(0.1),
            new Flatten(),
            new Dense(64, "relu"),
            new Dropout(0.25),
            new Dense(10, "softmax"));
    model.summary();
    model.compile(new Adadelta(0.5), "sparse_categorical_crossentropy", List.of("accuracy"));

    long start = System.nanoTime();
    History history = model.fit(train, 2, test);
    System.out.printf("trained in %.0f s%n", (System.nanoTime() - start) / 1e9);
    System.out.println("val_accuracy per epoch: " + history.get("val_accuracy"));

    // Predict the first test image (a 7) with argmax.
    Tensor probabilities = model.predict(xTest.narrow(0, 0, 1));
    System.out.println("Model prediction is : " + probabilities.argmax(1).get(0).itemLong());
    System.out.println("Ground truth is : " + data.yTest().get(0).itemLong());
  }
}
