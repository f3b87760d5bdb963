package jtorch.keras.optimizers;

import java.util.Map;
import jtorch.Tensor;
import jtorch.Torch;

/**
 * Gradient descent with optional (Nesterov) momentum, as {@code keras.optimizers.SGD}, with Keras's
 * defaults (learning rate 0.01, momentum 0) and Keras's rule:
 *
 * <pre>
 * m = momentum * m - lr * g                    (m starts at 0)
 * w = w + m                                    (momentum, not Nesterov)
 * w = w + momentum * m - lr * g                (Nesterov)
 * w = w - lr * g                               (momentum 0)
 * </pre>
 *
 * <pre>{@code
 * model.compile(new SGD(0.1).momentum(0.9), "mse");
 * }</pre>
 *
 * <p>See <a href="https://keras.io/api/optimizers/sgd/">SGD</a>.
 */
public class SGD extends Optimizer {
  private double momentum;
  private boolean nesterov;

  /** Learning rate 0.01, no momentum. */
  public SGD() {
    this(0.01);
  }

  /** Learning rate {@code learningRate}, no momentum. */
  public SGD(double learningRate) {
    super(learningRate);
  }

  /** With {@code momentum} in [0, 1]. */
  public SGD(double learningRate, double momentum) {
    super(learningRate);
    momentum(momentum);
  }

  /** Momentum in [0, 1] (default 0); returns this. */
  public SGD momentum(double momentum) {
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException(
          "`momentum` must be a float between [0, 1]. Received: momentum=" + momentum);
    }
    this.momentum = momentum;
    return this;
  }

  /** Nesterov momentum (default false); returns this. */
  public SGD nesterov(boolean nesterov) {
    this.nesterov = nesterov;
    return this;
  }

  @Override
  protected void update(Tensor w, Tensor g, double lr, long step, Map<String, Tensor> slots) {
    float rate = (float) lr; // Keras computes with the hyperparameters cast to float32
    float mom = (float) momentum;
    if (momentum == 0) {
      w.sub_(g.mul(rate));
      return;
    }
    Tensor m = slots.computeIfAbsent("momentum", k -> Torch.zerosLike(w));
    m.mul_(mom).sub_(g.mul(rate));
    if (nesterov) {
      w.add_(m.mul(mom).sub(g.mul(rate)));
    } else {
      w.add_(m);
    }
  }
}
