package jtorch.keras.optimizers;

import static jtorch.keras.testing.Assertions.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import jtorch.Tensor;
import jtorch.keras.testing.Golden;
import jtorch.nn.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keras's update rules, a few steps on f(w) = sum(a w^2 / 2 + b w), against the trajectories
 * tools/keras/reference.py computes from the Keras formulas.
 */
class OptimizersReferenceTest {

  static Stream<String> cases() {
    return Stream.of("sgd.", "adam.", "adadelta.").flatMap(p -> Golden.names(p).stream());
  }

  static Optimizer make(Golden.Case c) {
    String lr = c.attr("lr", null);
    Optimizer opt =
        switch (c.attr("optimizer", "")) {
          case "sgd" -> {
            SGD sgd = lr == null ? new SGD() : new SGD(Double.parseDouble(lr));
            sgd.momentum(Double.parseDouble(c.attr("momentum", "0")));
            yield sgd.nesterov(c.attr("nesterov", "0").equals("1"));
          }
          case "adam" -> {
            Adam adam = lr == null ? new Adam() : new Adam(Double.parseDouble(lr));
            adam.epsilon(Double.parseDouble(c.attr("epsilon", "1e-7")));
            yield adam.amsgrad(c.attr("amsgrad", "0").equals("1"));
          }
          case "adadelta" -> {
            Adadelta ad = lr == null ? new Adadelta() : new Adadelta(Double.parseDouble(lr));
            yield ad.rho(Double.parseDouble(c.attr("rho", "0.95")));
          }
          default -> throw new IllegalArgumentException(c.name());
        };
    return opt;
  }

  /** Runs {@code steps} steps and returns the trajectory [steps, ...w.shape]. */
  static Tensor trajectory(Optimizer opt, Golden.Case c) {
    Parameter w = new Parameter(c.t("w0").clone());
    int steps = Integer.parseInt(c.attr("steps", "5"));
    Tensor[] out = new Tensor[steps];
    for (int t = 0; t < steps; t++) {
      w.setGrad(null);
      Tensor loss = c.t("a").mul(w).mul(w).div(2.0).add(c.t("b").mul(w)).sum();
      loss.backward();
      opt.applyGradients(List.of(w));
      out[t] = w.detach().clone();
    }
    assertThat(opt.iterations()).isEqualTo(steps);
    return jtorch.Torch.stack(out, 0);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void followsTheKerasUpdateRule(String name) {
    Golden.Case c = Golden.get(name);
    assertClose(trajectory(make(c), c), c.t("trajectory"), 2e-5, 2e-6, name);
  }

  @Test
  void adamPutsEpsilonWhereKerasDoesNotWherePyTorchDoes() {
    Golden.Case c = Golden.get("adam.eps0.5");
    Tensor ours = trajectory(make(c), c);
    assertClose(ours, c.t("trajectory"), 2e-5, 2e-6, "keras");
    double gap = ours.sub(c.t("torch_trajectory")).abs().max().item();
    assertThat(gap).as("distance to torch.optim.Adam's trajectory").isGreaterThan(1e-3);
  }

  @Test
  void kerasDefaults() {
    assertThat(new SGD().learningRate()).isEqualTo(0.01);
    assertThat(new Adam().learningRate()).isEqualTo(0.001);
    assertThat(new Adadelta().learningRate()).isEqualTo(0.001);
    assertThat(Optimizers.get("Adam")).isInstanceOf(Adam.class);
    assertThat(Optimizers.get("adadelta").name()).isEqualTo("adadelta");
    assertThatThrownBy(() -> Optimizers.get("lion")).hasMessageContaining("lion");
    assertThatThrownBy(() -> new SGD(0.1, 1.5)).hasMessageContaining("momentum");
  }

  @Test
  void anOptimizerStaysWithItsVariables() {
    var opt = new Adam();
    Parameter a = new Parameter(jtorch.Torch.ones(2));
    a.sum().backward();
    opt.applyGradients(List.of(a));
    assertThatThrownBy(() -> opt.applyGradients(List.of(new Parameter(jtorch.Torch.ones(2)))))
        .hasMessageContaining("its own optimizer");
  }

  @Test
  void learningRateChangesReachTheBuiltOptimizer() {
    Parameter w = new Parameter(jtorch.Torch.ones(2));
    var opt = new SGD(0.1);
    w.sum().backward();
    opt.applyGradients(List.of(w));
    assertThat(w.toFloatArray()).containsExactly(0.9f, 0.9f);
    opt.learningRate(0.5);
    assertThat(opt.asTorch().paramGroups().get(0).lr()).isEqualTo(0.5);
    opt.applyGradients(List.of(w));
    assertThat(w.toFloatArray()).containsExactly(0.9f - 0.5f, 0.9f - 0.5f);
  }
}
