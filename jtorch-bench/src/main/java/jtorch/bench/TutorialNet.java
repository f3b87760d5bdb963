package jtorch.bench;

import jtorch.nn.Conv2d;
import jtorch.nn.Dropout;
import jtorch.nn.Flatten;
import jtorch.nn.Linear;
import jtorch.nn.LogSoftmax;
import jtorch.nn.MaxPool2d;
import jtorch.nn.ReLU;
import jtorch.nn.Sequential;

/**
 * The tutorial's MNIST ConvNet, as {@code jtorch.cli.ConvNet.sequential()} builds it (the bench
 * module does not depend on the CLI): Conv2d(1, 16, 3) - ReLU - Conv2d(16, 32, 3) - ReLU -
 * MaxPool2d(2) - Dropout(0.10) - Flatten - Linear(4608, 64) - ReLU - Dropout(0.25) - Linear(64, 10)
 * - LogSoftmax(1). Trained with Adadelta(lr 0.5) on batches of 32.
 *
 * <p>Its shapes, which the microbenchmarks reuse: input [N, 1, 28, 28]; cn1 output [N, 16, 26, 26];
 * cn2 output [N, 32, 24, 24]; pooled [N, 32, 12, 12] = [N, 4608]; fc1 [N, 64]; fc2 [N, 10].
 */
final class TutorialNet {
  /** Training batch size. */
  static final int BATCH = 32;

  /** Test batch size. */
  static final int TEST_BATCH = 500;

  /** Adadelta's learning rate in the tutorial. */
  static final double LR = 0.5;

  private TutorialNet() {}

  /** A freshly initialised network (seed it with {@code Torch.manualSeed} first). */
  static Sequential create() {
    return new Sequential(
        new Conv2d(1, 16, 3, 1),
        new ReLU(),
        new Conv2d(16, 32, 3, 1),
        new ReLU(),
        new MaxPool2d(2),
        new Dropout(0.10),
        new Flatten(),
        new Linear(4608, 64),
        new ReLU(),
        new Dropout(0.25),
        new Linear(64, 10),
        new LogSoftmax(1));
  }
}
