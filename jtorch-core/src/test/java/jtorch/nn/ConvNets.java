package jtorch.nn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import jtorch.Tensor;
import jtorch.nn.functional.F;

/**
 * The tutorial's ConvNet in its two forms, a nested model for printing and state dicts, and the
 * reference data that {@code tools/golden/convnet.py} wrote with PyTorch.
 */
final class ConvNets {
  private ConvNets() {}

  /** The module-class form, with the tutorial's attribute names. */
  static final class ConvNet extends Module {
    final Conv2d cn1 = register("cn1", new Conv2d(1, 16, 3, 1));
    final Conv2d cn2 = register("cn2", new Conv2d(16, 32, 3, 1));
    final Dropout dp1 = register("dp1", new Dropout(0.10));
    final Dropout dp2 = register("dp2", new Dropout(0.25));
    final Linear fc1 = register("fc1", new Linear(4608, 64));
    final Linear fc2 = register("fc2", new Linear(64, 10));

    @Override
    public Tensor forward(Tensor x) {
      x = F.relu(cn1.forward(x));
      x = F.relu(cn2.forward(x));
      x = F.maxPool2d(x, 2);
      x = dp1.forward(x);
      x = F.flatten(x, 1);
      x = F.relu(fc1.forward(x));
      x = dp2.forward(x);
      x = fc2.forward(x);
      return F.logSoftmax(x, 1);
    }
  }

  /** The Sequential form; {@code fc1In} 4068 reproduces the tutorial's typo. */
  static Sequential sequential(int fc1In) {
    return new Sequential(
        new Conv2d(1, 16, 3, 1),
        new ReLU(),
        new Conv2d(16, 32, 3, 1),
        new ReLU(),
        new MaxPool2d(2),
        new Dropout(0.10),
        new Flatten(),
        new Linear(fc1In, 64),
        new ReLU(),
        new Dropout(0.25),
        new Linear(64, 10),
        new LogSoftmax(1));
  }

  /** The Sequential form's layer index for each of the module class's layers. */
  static final Map<String, String> SEQUENTIAL_NAMES =
      Map.of("cn1", "0", "cn2", "2", "dp1", "5", "dp2", "9", "fc1", "7", "fc2", "10");

  /** {@code cn1.weight} as the Sequential form names it ({@code 0.weight}). */
  static String sequentialName(String key) {
    int dot = key.indexOf('.');
    return SEQUENTIAL_NAMES.get(key.substring(0, dot)) + key.substring(dot);
  }

  /** Nested Sequentials, batch norm, and convolutions with every option. */
  static final class Nested extends Module {
    final Sequential features =
        register(
            "features",
            new Sequential(
                new Conv2d(new Conv2dOptions(3, 8, 3).padding(1).bias(false)),
                new BatchNorm2d(8),
                new ReLU(),
                new Conv2d(
                    new Conv2dOptions(8, 8, 3)
                        .stride(2)
                        .padding(2)
                        .dilation(2)
                        .groups(4)
                        .bias(false)),
                new Conv2d(new Conv2dOptions(8, 16, 4).padding("same")),
                new Sequential(new MaxPool2d(2), new Dropout(0.5))));
    final AvgPool2d pool = register("pool", new AvgPool2d(3).stride(1).padding(1));
    final Sequential head =
        register(
            "head",
            new Sequential(new Flatten(), new Linear(64, 10), new BatchNorm1d(10), new Softmax(1)));

    @Override
    public Tensor forward(Tensor x) {
      return head.forward(pool.forward(features.forward(x)));
    }
  }

  /** A file under {@code src/test/resources/golden/}. */
  static Path resource(String name) {
    try {
      return Path.of(ConvNets.class.getResource("/golden/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The blocks of {@code modules.txt}: PyTorch's printouts and messages by key. */
  static Map<String, String> facts() {
    String text;
    try (InputStream in = ConvNets.class.getResourceAsStream("/golden/modules.txt")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String block : text.split("(?m)^== ")) {
      if (block.isEmpty()) {
        continue;
      }
      int nl = block.indexOf('\n');
      String body = block.substring(nl + 1);
      out.put(block.substring(0, nl), body.substring(0, body.length() - 1));
    }
    return out;
  }
}
