package jtorch.keras.optimizers;

import java.util.Map;
import jtorch.Tensor;
import jtorch.Torch;

/**
 * Adadelta, as {@code keras.optimizers.Adadelta}, with Keras's defaults (learning rate 0.001, rho
 * 0.95, epsilon 1e-7; PyTorch's are 1.0, 0.9, 1e-6) and Keras's rule:
 *
 * <pre>
 * a = rho * a + (1 - rho) * g^2                            (accumulated_grad)
 * delta = -sqrt(d + epsilon) / sqrt(a + epsilon) * g
 * d = rho * d + (1 - rho) * delta^2                        (accumulated_delta_var)
 * w = w + lr * delta
 * </pre>
 *
 * <pre>{@code
 * model.compile(new Adadelta(0.5), "sparse_categorical_crossentropy", List.of("accuracy"));
 * }</pre>
 *
 * <p>See <a href="https://keras.io/api/optimizers/adadelta/">Adadelta</a>.
 */
public class Adadelta extends Optimizer {
  private double rho = 0.95;
  private double epsilon = 1e-7;

  /** Learning rate 0.001. */
  public Adadelta() {
    this(0.001);
  }

  /** Learning rate {@code learningRate}. */
  public Adadelta(double learningRate) {
    super(learningRate);
  }

  /** Decay of the running averages, in [0, 1] (default 0.95); returns this. */
  public Adadelta rho(double rho) {
    if (!(rho >= 0 && rho <= 1)) {
      throw new IllegalArgumentException("Invalid rho: " + rho + "; it must be in [0, 1]");
    }
    this.rho = rho;
    return this;
  }

  /** Added inside both square roots (default 1e-7); returns this. */
  public Adadelta epsilon(double epsilon) {
    if (!(epsilon >= 0)) {
      throw new IllegalArgumentException("Invalid epsilon: " + epsilon);
    }
    this.epsilon = epsilon;
    return this;
  }

  @Override
  protected void update(Tensor w, Tensor g, double lr, long step, Map<String, Tensor> slots) {
    Tensor a = slots.computeIfAbsent("accumulated_grad", k -> Torch.zerosLike(w));
    Tensor d = slots.computeIfAbsent("accumulated_delta_var", k -> Torch.zerosLike(w));
    float r = (float) rho; // Keras computes with the hyperparameters cast to float32
    float eps = (float) epsilon;
    a.mul_(r).add_(g.mul(g).mul(1f - r));
    Tensor delta = d.add(eps).sqrt().mul(g).div(a.add(eps).sqrt()).neg();
    d.mul_(r).add_(delta.mul(delta).mul(1f - r));
    w.add_(delta.mul((float) lr));
  }
}
