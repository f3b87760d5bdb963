import java.nio.file.Path;
import java.util.List;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.keras.Keras;
import jtorch.keras.Model;
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
 * The tutorial's Keras model written as a {@code keras.Model} subclass: layers declared as fields,
 * composed in {@code call}. Trained exactly as KerasMnist.java trains the Sequential form.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp
 * "$(cat jtorch-keras/target/classpath.txt):jtorch-keras/target/classes"
 * examples/KerasMnistSubclass.java [MNIST_ROOT]}.
 */
public class KerasMnistSubclass {

  /** class ConvNet(keras.Model): layers in __init__, the forward pass in call. */
  static final class ConvNet extends Model {
    final Conv2D conv1 = register("conv1", new Conv2D(16, 3, "relu"));
    final Conv2D conv2 = register("conv2", new Conv2D(32, 3, "relu"));
    final MaxPooling2D pool = register("pool", new MaxPooling2D(2));
    final Dropout dropout1 = register("dropout1", new Dropout(0.1));
    final Flatten flatten = register("flatten", new Flatten());
    final Dense dense1 = register("dense1", new Dense(64, "relu"));
    final Dropout dropout2 = register("dropout2", new Dropout(0.25));
    final Dense dense2 = register("dense2", new Dense(10, "softmax"));

    @Override
    public Tensor call(Tensor x) {
      x = conv1.forward(x);
      x = conv2.forward(x);
      x = pool.forward(x);
      x = dropout1.forward(x);
      x = flatten.forward(x);
      x = dense1.forward(x);
      x = dropout2.forward(x);
      return dense2.forward(x);
    }
  }

  public static void main(String[] args) throws Exception {
    Keras.setRandomSeed(0);
    Mnist data = args.length > 0 ? Mnist.loadData(Path.of(args[0])) : Mnist.loadData();
    Tensor xTrain = data.xTrain().to(DType.FLOAT32).div(255.0).unsqueeze(-1);
    Tensor xTest = data.xTest().to(DType.FLOAT32).div(255.0).unsqueeze(-1);
    Dataset train = Dataset.fromTensorSlices(xTrain, data.yTrain()).shuffle(10000).batch(32);
    Dataset test = Dataset.fromTensorSlices(xTest, data.yTest()).batch(500);

    var model = new ConvNet();
    model.compile(new Adadelta(0.5), "sparse_categorical_crossentropy", List.of("accuracy"));
    long start = System.nanoTime();
    History history = model.fit(train, 2, test);
    System.out.printf("trained in %.0f s%n", (System.nanoTime() - start) / 1e9);
    model.summary();
    System.out.println("val_accuracy per epoch: " + history.get("val_accuracy"));

    Tensor probabilities = model.predict(xTest.narrow(0, 0, 1));
    System.out.println("Model prediction is : " + probabilities.argmax(1).get(0).itemLong());
    System.out.println("Ground truth is : " + data.yTest().get(0).itemLong());
  }
}
