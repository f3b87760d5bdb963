package jtorch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import jtorch.Device;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.backend.Dispatcher;
import jtorch.io.SafeTensors;
import jtorch.nn.Module;
import jtorch.optim.Adadelta;
import jtorch.utils.data.DataLoader;
import jtorch.utils.data.Dataset;
import jtorch.utils.data.Example;
import jtorch.utils.data.Subset;
import jtorch.vision.datasets.DownloadOptions;
import jtorch.vision.datasets.MNIST;
import jtorch.vision.transforms.Compose;
import jtorch.vision.transforms.Normalize;
import jtorch.vision.transforms.ToTensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jtorch mnist}: the tutorial's main job. Trains the ConvNet with Adadelta on MNIST,
 * printing the tutorial's lines on standard output; run details, timings and file paths go to
 * standard error.
 */
@Command(
    name = "mnist",
    mixinStandardHelpOptions = true,
    description = {
      "Train the tutorial's ConvNet on MNIST (Adadelta, 2 epochs) and test it.",
      "Writes metrics.csv, metrics.json, curves.png and first-test-image.png to --out."
    })
final class MnistCommand implements Callable<Integer> {

  @Option(
      names = "--epochs",
      defaultValue = "2",
      description = "epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(
      names = "--batch-size",
      defaultValue = "32",
      description = "training batch size (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--test-batch-size",
      defaultValue = "500",
      description = "test batch size (default: ${DEFAULT-VALUE})")
  int testBatchSize;

  @Option(
      names = "--lr",
      defaultValue = "0.5",
      description = "Adadelta learning rate (default: ${DEFAULT-VALUE})")
  double lr;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "cpu or cuda[:N] (default: ${DEFAULT-VALUE})")
  String device;

  @Option(
      names = "--data",
      defaultValue = "data",
      description =
          "dataset root; files live in DATA/MNIST/raw as with torchvision (default: ${DEFAULT-VALUE})")
  Path data;

  @Option(
      names = "--download",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "download missing files, as download=True in the tutorial (default: on)")
  boolean download;

  @Option(
      names = "--mirror",
      description =
          "a folder or http(s) base URL holding the four MNIST .gz files, tried before the"
              + " public mirrors (also: environment variable JTORCH_MNIST_MIRROR)")
  List<String> mirrors = new ArrayList<>();

  @Option(names = "--save", description = "save the trained model's state dict as safetensors")
  Path save;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--out",
      defaultValue = "runs/mnist",
      description = "output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--model",
      defaultValue = "module",
      description = "module (a Module subclass) or sequential (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--train-limit", description = "use only the first N training images")
  Integer trainLimit;

  @Option(names = "--test-limit", description = "use only the first N test images")
  Integer testLimit;

  @Option(
      names = "--workers",
      defaultValue = "1",
      description = "background data-loading threads (default: ${DEFAULT-VALUE})")
  int workers;

  @Override
  public Integer call() throws IOException {
    PrintStream stdout = System.out;
    PrintStream info = System.err;
    Device dev = Device.of(device);
    if (!dev.isCpu()) {
      Dispatcher.of(dev); // fails with a message naming what is missing
    }
    Torch.manualSeed(seed);
    var transform = new Compose(new ToTensor(), new Normalize(0.1302, 0.3069));
    DownloadOptions opts = downloadOptions();
    Dataset<Example> train = limit(new MNIST(data, true, download, transform, opts), trainLimit);
    Dataset<Example> test = limit(new MNIST(data, false, download, transform, opts), testLimit);
    // On a GPU, workers pin each batch so that the training loop uploads it without waiting.
    boolean pin = dev.isCuda();
    var trainLoader =
        DataLoader.builder(train)
            .batchSize(batchSize)
            .shuffle(true)
            .seed(seed)
            .numWorkers(workers)
            .pinMemory(pin)
            .build();
    var testLoader =
        DataLoader.builder(test)
            .batchSize(testBatchSize)
            .numWorkers(workers)
            .pinMemory(pin)
            .build();

    Module net = model.equals("sequential") ? ConvNet.sequential() : new ConvNet();
    if (!model.equals("sequential") && !model.equals("module")) {
      throw new IllegalArgumentException("--model must be module or sequential, got " + model);
    }
    net.to(dev);
    var optimizer = new Adadelta(net.parameters(), lr);
    info.printf(
        Locale.ROOT,
        "jtorch mnist: %d training and %d test images, batch %d, Adadelta(lr=%s), %d epoch(s) on %s%n",
        train.size(),
        test.size(),
        batchSize,
        lr,
        epochs,
        dev);

    Trainer trainer = new Trainer(net, optimizer, dev, stdout, new Progress(Progress.onTerminal()));
    List<EpochMetrics> metrics = new ArrayList<>();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long t0 = System.nanoTime();
      double trainLoss = trainer.train(trainLoader, epoch);
      long t1 = System.nanoTime();
      double[] result = trainer.test(testLoader);
      long t2 = System.nanoTime();
      EpochMetrics m =
          new EpochMetrics(
              epoch,
              trainLoss,
              result[0],
              (long) result[1],
              test.size(),
              (t1 - t0) / 1e9,
              (t2 - t1) / 1e9);
      metrics.add(m);
      info.printf(
          Locale.ROOT,
          "epoch %d: train %.1f s (%.0f images/s), test %.1f s%n",
          epoch,
          m.trainSeconds(),
          train.size() / m.trainSeconds(),
          m.testSeconds());
    }
    writeOutputs(net, dev, test, metrics, trainer, stdout, info);
    return 0;
  }

  private DownloadOptions downloadOptions() {
    List<String> all = new ArrayList<>(mirrors);
    String env = System.getenv("JTORCH_MNIST_MIRROR");
    if (env != null && !env.isBlank()) {
      all.add(env);
    }
    if (all.isEmpty()) {
      return DownloadOptions.defaults();
    }
    List<URI> uris = new ArrayList<>();
    for (String m : all) {
      uris.add(
          m.startsWith("http://") || m.startsWith("https://")
              ? URI.create(m)
              : Path.of(m).toAbsolutePath().toUri());
    }
    uris.addAll(MNIST.MIRRORS);
    return DownloadOptions.defaults().mirrors(uris);
  }

  private static Dataset<Example> limit(Dataset<Example> ds, Integer n) {
    if (n == null || n >= ds.size()) {
      return ds;
    }
    return new Subset<>(ds, IntStream.range(0, n).toArray());
  }

  private void writeOutputs(
      Module net,
      Device dev,
      Dataset<Example> test,
      List<EpochMetrics> metrics,
      Trainer trainer,
      PrintStream stdout,
      PrintStream info)
      throws IOException {
    Files.createDirectories(out);
    Example first = test.get(0);
    net.eval();
    long prediction;
    try (var guard = Torch.noGrad()) {
      Tensor logp = net.forward(first.data().unsqueeze(0).to(dev));
      prediction = logp.argmax(1).cpu().get(0).itemLong();
    }
    Tensor pixels = first.data().mul(0.3069).add(0.1302);
    Path image = out.resolve("first-test-image.png");
    writePng(
        Plot.digit(
            pixels.toFloatArray(),
            (int) pixels.size(-2),
            (int) pixels.size(-1),
            prediction,
            first.target().itemLong()),
        image);
    stdout.println("Model prediction is : " + prediction);
    stdout.println("Ground truth is : " + first.target().itemLong());

    StringBuilder csv = new StringBuilder(EpochMetrics.csvHeader()).append('\n');
    StringBuilder json = new StringBuilder("[\n");
    for (int i = 0; i < metrics.size(); i++) {
      csv.append(metrics.get(i).csv()).append('\n');
      json.append("  ").append(metrics.get(i).json()).append(i + 1 < metrics.size() ? ",\n" : "\n");
    }
    json.append("]\n");
    writeAtomically(out.resolve("metrics.csv"), csv.toString());
    writeAtomically(out.resolve("metrics.json"), json.toString());
    Path curves = out.resolve("curves.png");
    writePng(Plot.curves(trainer.loggedLosses(), metrics), curves);
    info.println(
        "wrote "
            + image
            + ", "
            + curves
            + ", "
            + out.resolve("metrics.csv")
            + ", "
            + out.resolve("metrics.json"));
    if (save != null) {
      SafeTensors.save(net.stateDict(), save);
      info.println("saved the model to " + save);
    }
  }

  private static void writePng(java.awt.image.BufferedImage img, Path file) throws IOException {
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "jtorch", ".png.tmp");
    try {
      ImageIO.write(img, "png", tmp.toFile());
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path tmp =
        Files.createTempFile(
            file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
