package jtorch.keras.optimizers;

import java.util.Map;
import jtorch.Tensor;
import jtorch.Torch;

/**
 * Adam, as {@code keras.optimizers.Adam}, with Keras's defaults (learning rate 0.001, beta_1 0.9,
 * beta_2 0.999, epsilon 1e-7) and Keras's rule, which adds epsilon to {@code sqrt(v)} before the
 * bias correction (the paper's "epsilon hat"; PyTorch adds it after):
 *
 * <pre>
 * t = iterations + 1
 * alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
 * m = m + (g - m) * (1 - beta_1)
 * v = v + (g^2 - v) * (1 - beta_2)             (AMSGrad: v_hat = max(v_hat, v), used below)
 * w = w - alpha * m / (sqrt(v) + epsilon)
 * </pre>
 *
 * <pre>{@code
 * model.compile(new Adam(1e-3), "sparse_categorical_crossentropy", List.of("accuracy"));
 * }</pre>
 *
 * <p>See <a href="https://keras.io/api/optimizers/adam/">Adam</a>.
 */
public class Adam extends Optimizer {
  private double beta1 = 0.9;
  private double beta2 = 0.999;
  private double epsilon = 1e-7;
  private boolean amsgrad;

  /** Learning rate 0.001. */
  public Adam() {
    this(0.001);
  }

  /** Learning rate {@code learningRate}. */
  public Adam(double learningRate) {
    super(learningRate);
  }

  /** Decay of the first moment (default 0.9); returns this. */
  public Adam beta1(double beta1) {
    this.beta1 = check("beta_1", beta1);
    return this;
  }

  /** Decay of the second moment (default 0.999); returns this. */
  public Adam beta2(double beta2) {
    this.beta2 = check("beta_2", beta2);
    return this;
  }

  /** Added to {@code sqrt(v)} (default 1e-7); returns this. */
  public Adam epsilon(double epsilon) {
    if (!(epsilon >= 0)) {
      throw new IllegalArgumentException("Invalid epsilon: " + epsilon);
    }
    this.epsilon = epsilon;
    return this;
  }

  /** The AMSGrad variant (default false); returns this. */
  public Adam amsgrad(boolean amsgrad) {
    this.amsgrad = amsgrad;
    return this;
  }

  private static double check(String what, double beta) {
    if (!(beta >= 0 && beta < 1)) {
      throw new IllegalArgumentException(
          "Invalid " + what + ": " + beta + "; it must be in [0, 1)");
    }
    return beta;
  }

  @Override
  protected void update(Tensor w, Tensor g, double lr, long step, Map<String, Tensor> slots) {
    Tensor m = slots.computeIfAbsent("momentum", k -> Torch.zerosLike(w));
    Tensor v = slots.computeIfAbsent("velocity", k -> Torch.zerosLike(w));
    // Keras casts the hyperparameters to the variable's dtype (float32) and computes alpha there.
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float b1Power = (float) Math.pow(b1, step);
    float b2Power = (float) Math.pow(b2, step);
    float alpha = (float) lr * (float) Math.sqrt(1f - b2Power) / (1f - b1Power);
    m.add_(g.sub(m).mul(1f - b1));
    v.add_(g.mul(g).sub(v).mul(1f - b2));
    Tensor denom = v;
    if (amsgrad) {
      Tensor vHat = slots.computeIfAbsent("velocity_hat", k -> Torch.zerosLike(w));
      vHat.copy_(vHat.maximum(v));
      denom = vHat;
    }
    w.sub_(m.mul(alpha).div(denom.sqrt().add((float) epsilon)));
  }
}
