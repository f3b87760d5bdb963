import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jtorch.Device;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.nn.Conv2d;
import jtorch.nn.Dropout;
import jtorch.nn.Linear;
import jtorch.nn.Module;
import jtorch.nn.functional.F;
import jtorch.nn.functional.Reduction;
import jtorch.optim.Adadelta;
import jtorch.optim.Optimizer;
import jtorch.utils.data.Batch;
import jtorch.utils.data.DataLoader;
import jtorch.utils.data.Example;
import jtorch.vision.datasets.DownloadOptions;
import jtorch.vision.datasets.MNIST;
import jtorch.vision.transforms.Compose;
import jtorch.vision.transforms.Normalize;
import jtorch.vision.transforms.ToTensor;

/**
 * The tutorial's PyTorch half in jtorch, written as a user would write it in one file: the ConvNet
 * module, MNIST with ToTensor + Normalize, DataLoaders (32 shuffled / 500), Adadelta(lr=0.5), and
 * the tutorial's train and test loops with their log lines, for 2 epochs. The Keras twin is
 * KerasMnist.java.
 *
 * <p>Run (see examples/README.md): {@code java --add-modules jdk.incubator.vector -cp
 * "$(cat jtorch-keras/target/classpath.txt)" examples/TorchMnist.java [DATA_ROOT [cpu|cuda]]}.
 * The data root defaults to {@code ./data} (files in {@code data/MNIST/raw}, downloaded when
 * missing; {@code JTORCH_MNIST_MIRROR} names a folder or URL tried first).
 */
public class TorchMnist {

  /** class ConvNet(nn.Module) */
  static final class ConvNet extends Module {
    final Conv2d cn1 = register("cn1", new Conv2d(1, 16, 3, 1));
    final Conv2d cn2 = register("cn2", new Conv2d(16, 32, 3, 1));
    final Dropout dp1 = register("dp1", new Dropout(0.10));
    final Dropout dp2 = register("dp2", new Dropout(0.25));
    final Linear fc1 = register("fc1", new Linear(4608, 64));
    final Linear fc2 = register("fc2", new Linear(64, 10));

    @Override
    public Tensor forward(Tensor x) {
      x = cn1.forward(x);
      x = F.relu(x);
      x = cn2.forward(x);
      x = F.relu(x);
      x = F.maxPool2d(x, 2);
      x = dp1.forward(x);
      x = x.flatten(1, -1);
      x = fc1.forward(x);
      x = F.relu(x);
      x = dp2.forward(x);
      x = fc2.forward(x);
      return F.logSoftmax(x, 1);
    }
  }

  static void train(
      Module model, Device device, DataLoader<Example> loader, Optimizer opt, int epoch) {
    model.train();
    int bi = 0;
    for (Batch b : loader) {
      Tensor x = b.input().to(device);
      Tensor y = b.target().to(device);
      opt.zeroGrad();
      Tensor predProb = model.forward(x);
      Tensor loss = F.nllLoss(predProb, y);
      loss.backward();
      opt.step();
      if (bi % 10 == 0) {
        System.out.printf(
            Locale.ROOT,
            "epoch: %d [%d/%d (%.0f%%)]\t training loss: %.6f%n",
            epoch,
            bi * b.size(),
            loader.dataset().size(),
            100.0 * bi / loader.size(),
            loss.item());
      }
      bi++;
    }
  }

  static void test(Module model, Device device, DataLoader<Example> loader) {
    model.eval();
    double loss = 0;
    long success = 0;
    try (var guard = Torch.noGrad()) {
      for (Batch b : loader) {
        Tensor x = b.input().to(device);
        Tensor y = b.target().to(device);
        Tensor predProb = model.forward(x);
        loss += F.nllLoss(predProb, y, Reduction.SUM).item();
        Tensor pred = predProb.argmax(1, true);
        success += pred.eq(y.viewAs(pred)).sum().itemLong();
      }
    }
    int n = loader.dataset().size();
    loss /= n;
    System.out.printf(
        Locale.ROOT,
        "%nTest dataset: Overall Loss: %.4f, Overall Accuracy: %d/%d (%.0f%%)%n%n",
        loss,
        success,
        n,
        100.0 * success / n);
  }

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "data");
    Device device = Device.of(args.length > 1 ? args[1] : "cpu");
    Torch.manualSeed(0);

    var transform = new Compose(new ToTensor(), new Normalize(0.1302, 0.3069));
    DownloadOptions options = DownloadOptions.defaults();
    String mirror = System.getenv("JTORCH_MNIST_MIRROR");
    if (mirror != null && !mirror.isBlank()) {
      List<URI> mirrors = new ArrayList<>();
      mirrors.add(
          mirror.startsWith("http")
              ? URI.create(mirror)
              : Path.of(mirror).toAbsolutePath().toUri());
      mirrors.addAll(MNIST.MIRRORS);
      options = options.mirrors(mirrors);
    }
    var trainData = new MNIST(root, true, true, transform, options);
    var testData = new MNIST(root, false, true, transform, options);
    var trainLoader = new DataLoader<>(trainData, 32, true);
    var testLoader = new DataLoader<>(testData, 500, false);

    var model = new ConvNet();
    model.to(device);
    var optimizer = new Adadelta(model.parameters(), 0.5);
    for (int epoch = 1; epoch < 3; epoch++) {
      train(model, device, trainLoader, optimizer, epoch);
      test(model, device, testLoader);
    }

    Example first = testData.get(0);
    model.eval();
    try (var guard = Torch.noGrad()) {
      Tensor logp = model.forward(first.data().unsqueeze(0).to(device));
      System.out.println("Model prediction is : " + logp.argmax(1).cpu().get(0).itemLong());
    }
    System.out.println("Ground truth is : " + first.target().itemLong());
  }
}
