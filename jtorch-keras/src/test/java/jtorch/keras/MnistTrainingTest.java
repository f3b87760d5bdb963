package jtorch.keras;

import static jtorch.keras.Keras.inputShape;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.keras.callbacks.History;
import jtorch.keras.data.Dataset;
import jtorch.keras.datasets.Mnist;
import jtorch.keras.layers.Conv2D;
import jtorch.keras.layers.Dense;
import jtorch.keras.layers.Dropout;
import jtorch.keras.layers.Flatten;
import jtorch.keras.layers.MaxPooling2D;
import jtorch.keras.optimizers.Adadelta;
import jtorch.keras.testing.MnistFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tutorial's Keras job on a slice of MNIST (2,000 training images, one epoch; the full
 * two-epoch runs are examples/KerasMnist*.java): both model forms learn far above chance (they
 * reach about 79-80% on 1,000 test images; chance is 10%, the test asks for 60%).
 */
class MnistTrainingTest {
  @TempDir static Path dir;
  static Dataset train;
  static Dataset test;

  @BeforeAll
  static void data() throws Exception {
    Mnist data = Mnist.loadData(MnistFiles.root(dir));
    Tensor x = data.xTrain().narrow(0, 0, 2000).to(DType.FLOAT32).div(255.0).unsqueeze(-1);
    Tensor xt = data.xTest().narrow(0, 0, 1000).to(DType.FLOAT32).div(255.0).unsqueeze(-1);
    train =
        Dataset.fromTensorSlices(x, data.yTrain().narrow(0, 0, 2000)).shuffle(2000, 0).batch(32);
    test = Dataset.fromTensorSlices(xt, data.yTest().narrow(0, 0, 1000)).batch(500);
  }

  /** The source's Model subclass, the twin of the Sequential. */
  static final class ConvNet extends Model {
    final Conv2D conv1 = register("conv1", new Conv2D(16, 3, "relu"));
    final Conv2D conv2 = register("conv2", new Conv2D(32, 3, "relu"));
    final MaxPooling2D pool = register("pool", new MaxPooling2D(2));
    final Dropout drop1 = register("drop1", new Dropout(0.1));
    final Flatten flatten = register("flatten", new Flatten());
    final Dense dense1 = register("dense1", new Dense(64, "relu"));
    final Dropout drop2 = register("drop2", new Dropout(0.25));
    final Dense dense2 = register("dense2", new Dense(10, "softmax"));

    @Override
    public Tensor call(Tensor x) {
      x = pool.forward(conv2.forward(conv1.forward(x)));
      x = dense1.forward(flatten.forward(drop1.forward(x)));
      return dense2.forward(drop2.forward(x));
    }
  }

  private static History train(Model model) {
    model.compile(new Adadelta(0.5), "sparse_categorical_crossentropy", List.of("accuracy"));
    return model.fit(train, 1, test, 0);
  }

  @Test
  void sequentialLearns() {
    Keras.setRandomSeed(0);
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
    History h = train(model);
    System.out.println("Sequential, 2,000 images, 1 epoch: " + h.history());
    assertThat(h.get("val_accuracy").get(0)).isGreaterThan(0.6);
    assertThat(model.countParams()).isEqualTo(300_426);
  }

  @Test
  void subclassLearns() {
    Keras.setRandomSeed(0);
    var model = new ConvNet();
    assertThat(model.name()).startsWith("conv_net");
    History h = train(model);
    System.out.println("Model subclass, 2,000 images, 1 epoch: " + h.history());
    assertThat(h.get("val_accuracy").get(0)).isGreaterThan(0.6);
    assertThat(model.countParams()).isEqualTo(300_426);
    assertThat(model.stateDict().keySet())
        .containsExactly(
            "conv1.kernel",
            "conv1.bias",
            "conv2.kernel",
            "conv2.bias",
            "dense1.kernel",
            "dense1.bias",
            "dense2.kernel",
            "dense2.bias");
    Tensor first = model.predict(test).argmax(1);
    assertThat(first.shape().toArray()).containsExactly(1000);
  }
}
