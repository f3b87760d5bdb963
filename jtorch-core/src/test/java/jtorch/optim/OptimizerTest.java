package jtorch.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.nn.Linear;
import jtorch.nn.Module;
import jtorch.nn.Parameter;
import jtorch.nn.functional.F;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Optimizer semantics beyond the golden trajectories: groups, state dicts, zeroGrad, errors. */
class OptimizerTest {

  /** Four float64 parameters shaped as the golden model's, with the golden initial values. */
  private static List<Tensor> params() {
    return List.of(
        param(
            new double[] {0.5, -0.25, 0.125, -0.375, 0.75, 0.25, 0.625, 0.1, -0.5, -0.2, -0.4, 0.3},
            4,
            3),
        param(new double[] {0.1, -0.2, 0.05, 0.0}, 4),
        param(new double[] {0.3, -0.6, 0.45, 0.2}, 1, 4),
        param(new double[] {0.05}, 1));
  }

  private static Tensor param(double[] v, long... shape) {
    return new Parameter(Torch.tensor(v, DType.FLOAT64).reshape(shape));
  }

  private static final Tensor X =
      Torch.tensor(
              new double[] {
                0.2, -1.0, 0.5, 1.5, 0.3, -0.7, -0.4, 0.8, 1.1, 0.0, -0.6, -1.2, 0.9, 1.4, 0.1,
                -1.3, -0.2, 0.6, 0.7, -0.9, -0.3, -0.5, 0.4, -0.8
              },
              DType.FLOAT64)
          .reshape(8, 3);
  private static final Tensor Y =
      Torch.tensor(new double[] {0.5, -0.3, 0.8, -0.7, 0.2, 0.4, -0.1, 0.6}, DType.FLOAT64)
          .reshape(8, 1);

  private static double train(Optimizer opt, List<Tensor> params, int steps) {
    double loss = Double.NaN;
    for (int i = 0; i < steps; i++) {
      opt.zeroGrad();
      Tensor l = OptimGoldenTest.forward(params, X, Y);
      loss = l.item();
      l.backward();
      opt.step();
    }
    return loss;
  }

  static Stream<Arguments> optimizers() {
    List<Function<List<Tensor>, Optimizer>> makers =
        List.of(
            p -> new SGD(p, 0.05).momentum(0.9).nesterov(true).weightDecay(1e-3),
            p -> new Adadelta(p, 0.5).weightDecay(1e-3),
            p -> new Adam(p, 0.01).amsgrad(true).weightDecay(1e-3),
            p -> new AdamW(p, 0.01).betas(0.8, 0.99),
            p -> new RMSprop(p, 0.002).momentum(0.5).centered(true),
            p -> new Adagrad(p, 0.1).lrDecay(0.01).initialAccumulatorValue(0.1));
    return makers.stream().map(m -> Arguments.of(m.apply(params()).getClass().getSimpleName(), m));
  }

  // ---- state dict -------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void stateDictRoundTripContinuesIdentically(String name, Function<List<Tensor>, Optimizer> make) {
    List<Tensor> a = params();
    Optimizer optA = make.apply(a);
    train(optA, a, 7);

    // a fresh model with the same weights, and a fresh optimizer with other options
    List<Tensor> b = new ArrayList<>();
    for (Tensor p : a) {
      b.add(new Parameter(p.detach().clone()));
    }
    Optimizer optB = make.apply(b);
    optB.paramGroups().get(0).lr(123.0);
    OptimizerState saved = optA.stateDict();
    optB.loadStateDict(saved);
    assertThat(optB.paramGroups().get(0).options()).isEqualTo(optA.paramGroups().get(0).options());

    // loaded state is a copy, not the same tensors
    for (int i = 0; i < a.size(); i++) {
      for (var e : optA.state(a.get(i)).entrySet()) {
        Tensor loaded = optB.state(b.get(i)).get(e.getKey());
        assertThat(loaded).as(e.getKey()).isNotSameAs(e.getValue());
        assertThat(loaded.toDoubleArray()).isEqualTo(e.getValue().toDoubleArray());
        assertThat(loaded.dtype()).isEqualTo(e.getValue().dtype());
      }
    }

    double lossA = train(optA, a, 5);
    double lossB = train(optB, b, 5);
    assertThat(lossB).isEqualTo(lossA);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i).toDoubleArray()).isEqualTo(a.get(i).toDoubleArray());
    }
  }

  @Test
  void stateDictLooksLikePyTorchs() {
    List<Tensor> p = params();
    Adam opt =
        new Adam(
            List.of(
                new ParamGroup(p.subList(0, 2)),
                new ParamGroup(p.subList(2, 4), Map.of("lr", 0.1, "amsgrad", true))),
            0.01);
    OptimizerState empty = opt.stateDict();
    assertThat(empty.state()).isEmpty();
    assertThat(empty.paramGroups()).hasSize(2);
    assertThat(empty.paramGroups().get(0))
        .containsEntry("lr", 0.01)
        .containsEntry("betas", List.of(0.9, 0.999))
        .containsEntry("eps", 1e-8)
        .containsEntry("weight_decay", 0.0)
        .containsEntry("amsgrad", false)
        .containsEntry("maximize", false)
        .containsEntry("params", List.of(0, 1));
    assertThat(empty.paramGroups().get(1))
        .containsEntry("lr", 0.1)
        .containsEntry("amsgrad", true)
        .containsEntry("params", List.of(2, 3));

    // only parameter 3 gets a gradient
    p.get(3).sum().backward();
    opt.step();
    OptimizerState sd = opt.stateDict();
    assertThat(sd.state()).containsOnlyKeys(3);
    Map<String, Tensor> s = sd.state().get(3);
    assertThat(s).containsOnlyKeys("step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq");
    assertThat(s.get("step").dtype()).isEqualTo(DType.FLOAT32);
    assertThat(s.get("step").dim()).isZero();
    assertThat(s.get("step").item()).isEqualTo(1.0);
    assertThat(s.get("exp_avg").dtype()).isEqualTo(DType.FLOAT64);
    // the dict is unmodifiable, and its tensors are the live state (as PyTorch's)
    assertThatThrownBy(() -> sd.state().put(0, Map.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(s.get("exp_avg")).isSameAs(opt.state(p.get(3)).get("exp_avg"));
  }

  @Test
  void loadStateDictChecksTheGroups() {
    List<Tensor> p = params();
    SGD one = new SGD(p, 0.1);
    SGD two =
        new SGD(List.of(new ParamGroup(p.subList(0, 2)), new ParamGroup(p.subList(2, 4))), 0.1);
    assertThatThrownBy(() -> one.loadStateDict(two.stateDict()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different number of parameter groups");
    SGD three = new SGD(p.subList(0, 3), 0.1);
    assertThatThrownBy(() -> one.loadStateDict(three.stateDict()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("doesn't match the size of optimizer's group");
  }

  @Test
  void loadStateDictCastsToTheParameterDtypeButKeepsStep() {
    Tensor p64 = new Parameter(Torch.ones(new long[] {3}, DType.FLOAT64));
    Adam a = new Adam(List.of(p64));
    p64.sum().backward();
    a.step();
    Tensor p32 = new Parameter(Torch.ones(new long[] {3}, DType.FLOAT32));
    Adam b = new Adam(List.of(p32));
    b.loadStateDict(a.stateDict());
    assertThat(b.state(p32).get("exp_avg").dtype()).isEqualTo(DType.FLOAT32);
    assertThat(b.state(p32).get("step").dtype()).isEqualTo(DType.FLOAT32);
  }

  // ---- zeroGrad and stepping --------------------------------------------------------------------

  @Test
  void zeroGradSetsToNullByDefaultAndZeroesInPlaceOnRequest() {
    List<Tensor> p = params();
    SGD opt = new SGD(p, 0.1);
    OptimGoldenTest.forward(p, X, Y).backward();
    Tensor g = p.get(0).grad();
    assertThat(g).isNotNull();

    opt.zeroGrad(false);
    assertThat(p.get(0).grad()).isSameAs(g);
    assertThat(g.toDoubleArray()).containsOnly(0.0);

    opt.zeroGrad();
    for (Tensor t : p) {
      assertThat(t.grad()).isNull();
    }
  }

  @Test
  void parametersWithoutGradAreSkippedButZeroGradsStep() {
    List<Tensor> p = params();
    Adam opt = new Adam(p, 0.1);
    double[] before0 = p.get(0).toDoubleArray();
    double[] before3 = p.get(3).toDoubleArray();
    p.get(3).mul(2).sum().backward();
    opt.step();
    assertThat(p.get(0).toDoubleArray()).isEqualTo(before0);
    assertThat(opt.state(p.get(0))).isEmpty();
    assertThat(p.get(3).toDoubleArray()).isNotEqualTo(before3);

    // a zeroed (not null) gradient is a real step: the counter advances, momentum keeps moving p
    double[] after3 = p.get(3).toDoubleArray();
    opt.zeroGrad(false);
    opt.step();
    assertThat(opt.state(p.get(3)).get("step").item()).isEqualTo(2.0);
    assertThat(p.get(3).toDoubleArray()).isNotEqualTo(after3);
    opt.zeroGrad();
    opt.step();
    assertThat(opt.state(p.get(3)).get("step").item()).isEqualTo(2.0);
  }

  @Test
  void stepRecordsNoGraphAndKeepsParametersLeaves() {
    List<Tensor> p = params();
    SGD opt = new SGD(p, 0.1).momentum(0.9);
    train(opt, p, 2);
    for (Tensor t : p) {
      assertThat(t.isLeaf()).isTrue();
      assertThat(t.requiresGrad()).isTrue();
      assertThat(t.gradFn()).isNull();
      assertThat(opt.state(t).get("momentum_buffer").requiresGrad()).isFalse();
    }
  }

  @Test
  void sgdFirstMomentumStepIsPlainSgd() {
    Tensor a = new Parameter(Torch.tensor(new double[] {1, 2}, DType.FLOAT64));
    SGD opt = new SGD(List.of(a), 0.1).momentum(0.9).dampening(0.5);
    a.setGrad(Torch.tensor(new double[] {1, -1}, DType.FLOAT64));
    opt.step();
    // buffer = grad on the first step (no dampening), p -= lr * buffer
    assertThat(a.toDoubleArray()).containsExactly(0.9, 2.1);
    assertThat(opt.state(a).get("momentum_buffer").toDoubleArray()).containsExactly(1.0, -1.0);
    opt.step();
    // buffer = 0.9 * buffer + 0.5 * grad
    assertThat(opt.state(a).get("momentum_buffer").toDoubleArray()).containsExactly(1.4, -1.4);
  }

  @Test
  void closureStepReturnsTheLoss() {
    List<Tensor> p = params();
    SGD opt = new SGD(p, 0.1);
    double before = p.get(3).item();
    Tensor loss;
    try (var guard = Torch.noGrad()) {
      loss =
          opt.step(() -> {
            opt.zeroGrad();
            Tensor l = OptimGoldenTest.forward(p, X, Y);
            l.backward();
            return l;
          });
    }
    assertThat(loss.item())
        .isCloseTo(1.0075999650885046, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(p.get(3).item()).isNotEqualTo(before);
  }

  @Test
  void trainsAModuleAsTheMainJobDoes() {
    Torch.manualSeed(0);
    Module model =
        new Module() {
          final Linear fc1 = register("fc1", new Linear(3, 8));
          final Linear fc2 = register("fc2", new Linear(8, 1));

          @Override
          public Tensor forward(Tensor x) {
            return fc2.forward(F.relu(fc1.forward(x)));
          }
        };
    Tensor x = X.toFloat();
    Tensor y = Y.toFloat();
    var opt = new Adadelta(model.parameters(), 0.5);
    double first = Double.NaN;
    double last = Double.NaN;
    for (int i = 0; i < 100; i++) {
      opt.zeroGrad();
      Tensor d = model.forward(x).sub(y);
      Tensor loss = d.mul(d).mean();
      if (i == 0) {
        first = loss.item();
      }
      last = loss.item();
      loss.backward();
      opt.step();
    }
    assertThat(last).isLessThan(first * 0.5);
    assertThat(opt.state(model.parameters().get(0)).get("square_avg").dtype())
        .isEqualTo(DType.FLOAT32);
  }

  // ---- groups and options -----------------------------------------------------------------------

  @Test
  void groupsTakeMissingOptionsFromDefaultsAndSettersSpareExplicitOnes() {
    List<Tensor> p = params();
    SGD opt =
        new SGD(
            List.of(
                new ParamGroup(p.subList(0, 2), Map.of("momentum", 0.5, "lr", 1)),
                new ParamGroup(p.subList(2, 3))),
            0.1);
    opt.momentum(0.9).weightDecay(0.01);
    ParamGroup g0 = opt.paramGroups().get(0);
    ParamGroup g1 = opt.paramGroups().get(1);
    assertThat(g0.getDouble("momentum")).isEqualTo(0.5);
    assertThat(g0.lr()).isEqualTo(1.0);
    assertThat(g1.getDouble("momentum")).isEqualTo(0.9);
    assertThat(g1.lr()).isEqualTo(0.1);
    assertThat(g0.getDouble("weight_decay")).isEqualTo(0.01);
    assertThat(opt.defaults()).containsEntry("momentum", 0.9);

    opt.addParamGroup(new ParamGroup(p.subList(3, 4), Map.of("nesterov", true)));
    ParamGroup g2 = opt.paramGroups().get(2);
    assertThat(g2.getDouble("momentum")).isEqualTo(0.9);
    assertThat(g2.getBoolean("nesterov")).isTrue();
    assertThat(opt.toString())
        .startsWith("SGD (\nParameter Group 0\n    dampening: 0.0\n    lr: 1.0\n")
        .contains("    nesterov: True\n")
        .endsWith(")");
  }

  @Test
  void nesterovIsCheckedWhenStepping() {
    List<Tensor> p = params();
    SGD opt = new SGD(p, 0.1).nesterov(true);
    OptimGoldenTest.forward(p, X, Y).backward();
    assertThatThrownBy(opt::step)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Nesterov momentum requires a momentum and zero dampening");
    opt.momentum(0.9);
    opt.step();
    assertThatThrownBy(() -> new SGD(List.of(new ParamGroup(p, Map.of("nesterov", true))), 0.1))
        .hasMessageContaining("Nesterov momentum requires a momentum and zero dampening");
  }

  // ---- errors -----------------------------------------------------------------------------------

  @Test
  void emptyParameterList() {
    assertThatThrownBy(() -> new SGD(new ArrayList<Tensor>(), 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("optimizer got an empty parameter list");
    assertThatThrownBy(() -> new Adam(List.of(new ParamGroup(List.<Tensor>of())), 0.1))
        .hasMessage("optimizer got an empty parameter list");
  }

  @Test
  void parametersMustBeLeavesAndFrozenOnesAreSkipped() {
    Tensor frozen = Torch.ones(3);
    new SGD(List.of(frozen), 0.1).step();
    assertThat(frozen.toFloatArray()).containsExactly(1, 1, 1);
    Tensor leaf = Torch.zeros(3).requiresGrad_();
    assertThatThrownBy(() -> new Adam(List.of(leaf.mul(2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("can't optimize a non-leaf Tensor");
    assertThatThrownBy(() -> new Adam(List.of(leaf, leaf)))
        .hasMessageContaining("duplicate parameters");
    SGD opt = new SGD(List.of(leaf), 0.1);
    assertThatThrownBy(() -> opt.addParamGroup(new ParamGroup(List.of(leaf))))
        .hasMessage("some parameters appear in more than one parameter group");
  }

  @Test
  void invalidOptionsFailWithPyTorchsMessages() {
    List<Tensor> p = params();
    assertThatThrownBy(() -> new SGD(p, -0.1)).hasMessage("Invalid learning rate: -0.1");
    assertThatThrownBy(() -> new SGD(p, 0.1).momentum(-1))
        .hasMessage("Invalid momentum value: -1.0");
    assertThatThrownBy(() -> new Adam(p).betas(1.0, 0.999))
        .hasMessage("Invalid beta parameter at index 0: 1.0");
    assertThatThrownBy(() -> new AdamW(p).betas(0.9, -0.1))
        .hasMessage("Invalid beta parameter at index 1: -0.1");
    assertThatThrownBy(() -> new Adam(p).eps(-1)).hasMessage("Invalid epsilon value: -1.0");
    assertThatThrownBy(() -> new Adadelta(p).rho(1.5)).hasMessage("Invalid rho value: 1.5");
    assertThatThrownBy(() -> new RMSprop(p).alpha(-0.5)).hasMessage("Invalid alpha value: -0.5");
    assertThatThrownBy(() -> new Adagrad(p).lrDecay(-1)).hasMessage("Invalid lr_decay value: -1.0");
    assertThatThrownBy(() -> new Adagrad(p).weightDecay(-1))
        .hasMessage("Invalid weight_decay value: -1.0");
    assertThatThrownBy(() -> new ParamGroup(p, Map.of("lr", List.of("x"))))
        .hasMessageContaining("must hold numbers");
    SGD opt = new SGD(p, 0.1);
    opt.paramGroups().get(0).set("lr", -1.0);
    assertThatThrownBy(opt::step).hasMessage("Invalid learning rate: -1.0");
  }

  @Test
  void defaultsMatchPyTorch() {
    List<Tensor> p = params();
    assertThat(new Adadelta(p).defaults())
        .containsExactlyEntriesOf(
            linked("lr", 1.0, "rho", 0.9, "eps", 1e-6, "weight_decay", 0.0, "maximize", false));
    assertThat(new Adam(p).defaults())
        .containsEntry("lr", 1e-3)
        .containsEntry("betas", List.of(0.9, 0.999))
        .containsEntry("eps", 1e-8)
        .containsEntry("weight_decay", 0.0)
        .containsEntry("amsgrad", false);
    assertThat(new AdamW(p).defaults()).containsEntry("weight_decay", 1e-2);
    assertThat(new RMSprop(p).defaults())
        .containsEntry("lr", 1e-2)
        .containsEntry("alpha", 0.99)
        .containsEntry("eps", 1e-8)
        .containsEntry("momentum", 0.0)
        .containsEntry("centered", false);
    assertThat(new Adagrad(p).defaults())
        .containsEntry("lr", 1e-2)
        .containsEntry("lr_decay", 0.0)
        .containsEntry("initial_accumulator_value", 0.0)
        .containsEntry("eps", 1e-10);
    assertThat(new SGD(p, 0.1).defaults())
        .containsEntry("momentum", 0.0)
        .containsEntry("dampening", 0.0)
        .containsEntry("nesterov", false);
  }

  private static Map<String, Object> linked(Object... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
