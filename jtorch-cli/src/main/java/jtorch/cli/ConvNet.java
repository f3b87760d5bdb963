package jtorch.cli;

import jtorch.Tensor;
import jtorch.nn.Conv2d;
import jtorch.nn.Dropout;
import jtorch.nn.Flatten;
import jtorch.nn.Linear;
import jtorch.nn.LogSoftmax;
import jtorch.nn.MaxPool2d;
import jtorch.nn.Module;
import jtorch.nn.ReLU;
import jtorch.nn.Sequential;
import jtorch.nn.functional.F;

/**
 * The tutorial's MNIST network, as a module class: two 3x3 convolutions, max pooling, dropout and
 * two linear layers ending in log-softmax. {@link #sequential()} builds the same network as a
 * {@link Sequential}.
 */
public final class ConvNet extends Module {
  final Conv2d cn1 = register("cn1", new Conv2d(1, 16, 3, 1));
  final Conv2d cn2 = register("cn2", new Conv2d(16, 32, 3, 1));
  final Dropout dp1 = register("dp1", new Dropout(0.10));
  final Dropout dp2 = register("dp2", new Dropout(0.25));
  final Linear fc1 = register("fc1", new Linear(4608, 64));
  final Linear fc2 = register("fc2", new Linear(64, 10));

  /**
   * {@code maxPool2d(relu(cn2(relu(cn1(x)))), 2)} as a {@link Sequential} of the same layers, which
   * runs them as fused ops with the same values; not registered, so the parameters keep the
   * tutorial's names.
   */
  private final Sequential convolutions =
      new Sequential(cn1, new ReLU(), cn2, new ReLU(), new MaxPool2d(2));

  /** A freshly initialised network. */
  public ConvNet() {}

  @Override
  public Tensor forward(Tensor x) {
    x = convolutions.forward(x); // F.relu(cn1(x)), F.relu(cn2(x)), F.maxPool2d(x, 2)
    x = dp1.forward(x);
    x = x.flatten(1, -1);
    x = F.relu(fc1.forward(x));
    x = dp2.forward(x);
    x = fc2.forward(x);
    return F.logSoftmax(x, 1);
  }

  /** The same network as a {@link Sequential} (with the tutorial's 4608, not its 4068 typo). */
  public static Sequential sequential() {
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
