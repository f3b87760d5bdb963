package jtorch.optim;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.golden.GoldenCase;
import jtorch.nn.Parameter;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Optimizer trajectories and LR schedules against PyTorch, as PyTorch's C++ {@code optim_baseline}
 * tests: {@code golden/optim.golden} (written by {@code tools/golden/optim.py}) holds, per
 * optimizer configuration, a small float64 model's initial weights, its batch, the loss before
 * every step, the parameters after selected steps and the final optimizer state; per scheduler, the
 * lr of two groups over 30 steps. The Java side rebuilds the model from the same ops and must
 * follow the trajectory to a relative 1e-9.
 */
class OptimGoldenTest {
  private static final String FILE = "golden/optim.golden";
  private static final Set<String> OPTIMIZERS =
      Set.of("SGD", "Adadelta", "Adam", "AdamW", "RMSprop", "Adagrad");
  private static final Set<String> SCHEDULERS =
      Set.of("StepLR", "ExponentialLR", "CosineAnnealingLR");
  private static final double RTOL = 1e-9;
  private static final double ATOL = 1e-12;

  @TestFactory
  Stream<DynamicTest> trajectories() {
    return cases(OPTIMIZERS).map(c -> dynamicTest(c.name(), () -> trajectory(c)));
  }

  @TestFactory
  Stream<DynamicTest> schedules() {
    return cases(SCHEDULERS).map(c -> dynamicTest(c.name(), () -> schedule(c)));
  }

  private static Stream<GoldenCase> cases(Set<String> ops) {
    List<GoldenCase> all = GoldenCase.load(FILE);
    for (GoldenCase c : all) {
      if (!OPTIMIZERS.contains(c.op()) && !SCHEDULERS.contains(c.op())) {
        throw new AssertionFailedError(c.name() + ": unknown op " + c.op());
      }
    }
    List<GoldenCase> mine = all.stream().filter(c -> ops.contains(c.op())).toList();
    if (mine.isEmpty()) {
      throw new AssertionFailedError("no " + ops + " cases in " + FILE);
    }
    return mine.stream();
  }

  // ---- optimizers -------------------------------------------------------------------------------

  private static void trajectory(GoldenCase c) {
    List<Tensor> params = new ArrayList<>();
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (GoldenCase.Spec s : c.inputs()) {
      Tensor t = Torch.tensor(s.doubles(), DType.FLOAT64).reshape(s.shape());
      if (s.requiresGrad()) {
        params.add(new Parameter(t));
        names.add(s.name());
      } else {
        inputs.put(s.name(), t);
      }
    }
    Map<String, GoldenCase.Spec> outs = new LinkedHashMap<>();
    for (GoldenCase.Spec s : c.outputs()) {
      outs.put(s.name(), s);
    }
    Optimizer opt = build(c, params);
    Tensor x = inputs.get("x");
    Tensor y = inputs.get("y");
    double[] losses = outs.get("loss").doubles();
    int steps = c.i("steps");
    Set<Long> record = new java.util.HashSet<>();
    for (long r : c.longs("record")) {
      record.add(r);
    }
    Worst worst = new Worst();
    for (int step = 1; step <= steps; step++) {
      opt.zeroGrad();
      Tensor loss = forward(params, x, y);
      worst.check(c.name() + ": loss before step " + step, losses[step - 1], loss.item());
      loss.backward();
      opt.step();
      if (record.contains((long) step)) {
        for (int k = 0; k < params.size(); k++) {
          String key = names.get(k) + "@" + step;
          GoldenCase.Spec want = outs.get(key);
          if (want == null) {
            throw new AssertionFailedError(c.name() + ": no recorded " + key);
          }
          worst.check(c.name() + ": " + key, want.doubles(), params.get(k).toDoubleArray());
        }
      }
    }
    OptimizerState state = opt.stateDict();
    for (GoldenCase.Spec want : c.outputs()) {
      if (!want.name().startsWith("state.")) {
        continue;
      }
      String[] parts = want.name().split("\\.", 3);
      int index = Integer.parseInt(parts[1]);
      Map<String, Tensor> s = state.state().get(index);
      Tensor got = s == null ? null : s.get(parts[2]);
      if (got == null) {
        throw new AssertionFailedError(
            c.name() + ": PyTorch has " + want.name() + ", jtorch's state dict has " + s);
      }
      if (got.dtype() != want.dtype()) {
        throw new AssertionFailedError(
            c.name() + ": " + want.name() + " is " + got.dtype() + ", PyTorch's " + want.dtype());
      }
      worst.check(c.name() + ": " + want.name(), want.doubles(), got.toDoubleArray());
    }
    System.out.printf(
        "optim golden %-28s worst relative difference %.2e at %s%n",
        c.name(), worst.relative, worst.where);
  }

  /** {@code mean((tanh(x W1^T + b1) W2^T + b2 - y)^2)}, with the generator's ops. */
  static Tensor forward(List<Tensor> p, Tensor x, Tensor y) {
    Tensor h = x.matmul(p.get(0).t()).add(p.get(1)).tanh();
    Tensor out = h.matmul(p.get(2).t()).add(p.get(3));
    Tensor d = out.sub(y);
    return d.mul(d).mean();
  }

  private static Optimizer build(GoldenCase c, List<Tensor> params) {
    double lr = c.d("lr");
    if (c.args().containsKey("groups")) {
      List<ParamGroup> groups = new ArrayList<>();
      for (int k = 0; k < c.i("groups"); k++) {
        String prefix = "group" + k + ".";
        List<Tensor> ps = new ArrayList<>();
        for (long i : c.longs(prefix + "params")) {
          ps.add(params.get((int) i));
        }
        Map<String, Object> options = new LinkedHashMap<>();
        for (var e : c.args().entrySet()) {
          if (e.getKey().startsWith(prefix) && !e.getKey().equals(prefix + "params")) {
            options.put(e.getKey().substring(prefix.length()), value(e.getValue()));
          }
        }
        groups.add(new ParamGroup(ps, options));
      }
      return switch (c.op()) {
        case "SGD" -> new SGD(groups, lr);
        default -> throw new AssertionFailedError(c.name() + ": groups only for SGD");
      };
    }
    return switch (c.op()) {
      case "SGD" -> {
        SGD o = new SGD(params, lr);
        ifSet(c, "momentum", o::momentum);
        ifSet(c, "dampening", o::dampening);
        ifSet(c, "weight_decay", o::weightDecay);
        ifFlag(c, "nesterov", o::nesterov);
        ifFlag(c, "maximize", o::maximize);
        yield o;
      }
      case "Adadelta" -> {
        Adadelta o = new Adadelta(params, lr);
        ifSet(c, "rho", o::rho);
        ifSet(c, "eps", o::eps);
        ifSet(c, "weight_decay", o::weightDecay);
        ifFlag(c, "maximize", o::maximize);
        yield o;
      }
      case "Adam" -> {
        Adam o = new Adam(params, lr);
        if (c.args().containsKey("betas")) {
          double[] b = betas(c);
          o.betas(b[0], b[1]);
        }
        ifSet(c, "eps", o::eps);
        ifSet(c, "weight_decay", o::weightDecay);
        ifFlag(c, "amsgrad", o::amsgrad);
        ifFlag(c, "maximize", o::maximize);
        yield o;
      }
      case "AdamW" -> {
        AdamW o = new AdamW(params, lr);
        if (c.args().containsKey("betas")) {
          double[] b = betas(c);
          o.betas(b[0], b[1]);
        }
        ifSet(c, "eps", o::eps);
        ifSet(c, "weight_decay", o::weightDecay);
        ifFlag(c, "amsgrad", o::amsgrad);
        ifFlag(c, "maximize", o::maximize);
        yield o;
      }
      case "RMSprop" -> {
        RMSprop o = new RMSprop(params, lr);
        ifSet(c, "alpha", o::alpha);
        ifSet(c, "eps", o::eps);
        ifSet(c, "weight_decay", o::weightDecay);
        ifSet(c, "momentum", o::momentum);
        ifFlag(c, "centered", o::centered);
        ifFlag(c, "maximize", o::maximize);
        yield o;
      }
      case "Adagrad" -> {
        Adagrad o = new Adagrad(params, lr);
        ifSet(c, "lr_decay", o::lrDecay);
        ifSet(c, "weight_decay", o::weightDecay);
        ifSet(c, "initial_accumulator_value", o::initialAccumulatorValue);
        ifSet(c, "eps", o::eps);
        ifFlag(c, "maximize", o::maximize);
        yield o;
      }
      default -> throw new AssertionFailedError(c.name() + ": unknown optimizer " + c.op());
    };
  }

  private static void ifSet(GoldenCase c, String key, java.util.function.DoubleConsumer setter) {
    if (c.args().containsKey(key)) {
      setter.accept(c.d(key));
    }
  }

  private static void ifFlag(
      GoldenCase c, String key, java.util.function.Consumer<Boolean> setter) {
    if (c.args().containsKey(key)) {
      setter.accept(c.bool(key));
    }
  }

  private static double[] betas(GoldenCase c) {
    String s = c.str("betas").replace("[", "").replace("]", "");
    return java.util.Arrays.stream(s.split(",")).mapToDouble(Double::parseDouble).toArray();
  }

  private static Object value(String s) {
    return s.equals("true") || s.equals("false") ? Boolean.valueOf(s) : Double.parseDouble(s);
  }

  // ---- schedulers -------------------------------------------------------------------------------

  private static void schedule(GoldenCase c) {
    Tensor a = Torch.zeros(new long[] {2}, DType.FLOAT64).requiresGrad_();
    Tensor b = Torch.zeros(new long[] {1}, DType.FLOAT64).requiresGrad_();
    Optimizer opt =
        new SGD(
            List.of(new ParamGroup(List.of(a)), new ParamGroup(List.of(b), Map.of("lr", 0.01))),
            0.1);
    LRScheduler sched =
        switch (c.op()) {
          case "StepLR" ->
              c.args().containsKey("gamma")
                  ? new StepLR(opt, c.i("step_size"), c.d("gamma"))
                  : new StepLR(opt, c.i("step_size"));
          case "ExponentialLR" -> new ExponentialLR(opt, c.d("gamma"));
          case "CosineAnnealingLR" ->
              c.args().containsKey("eta_min")
                  ? new CosineAnnealingLR(opt, c.i("T_max"), c.d("eta_min"))
                  : new CosineAnnealingLR(opt, c.i("T_max"));
          default -> throw new AssertionFailedError(c.name() + ": unknown scheduler " + c.op());
        };
    double[] want = c.outputs().get(0).doubles();
    List<Double> got = new ArrayList<>(sched.getLastLr());
    for (int i = 0; i < c.i("steps"); i++) {
      opt.step();
      sched.step();
      got.addAll(sched.getLastLr());
      for (int k = 0; k < 2; k++) {
        if (opt.paramGroups().get(k).lr() != sched.getLastLr().get(k)) {
          throw new AssertionFailedError(c.name() + ": group lr differs from getLastLr()");
        }
      }
    }
    Worst worst = new Worst();
    worst.check(
        c.name() + ": lr per step and group",
        want,
        got.stream().mapToDouble(Double::doubleValue).toArray());
  }

  // ---- comparing --------------------------------------------------------------------------------

  /** Compares with RTOL/ATOL and remembers the worst relative difference. */
  private static final class Worst {
    double relative;
    String where = "";

    void check(String what, double want, double got) {
      check(what, new double[] {want}, new double[] {got});
    }

    void check(String what, double[] want, double[] got) {
      if (want.length != got.length) {
        throw new AssertionFailedError(
            what + ": " + got.length + " values, PyTorch has " + want.length);
      }
      for (int i = 0; i < want.length; i++) {
        double diff = Math.abs(got[i] - want[i]);
        if (want[i] != 0 && diff / Math.abs(want[i]) > relative) {
          relative = diff / Math.abs(want[i]);
          where = what + "[" + i + "] " + want[i] + " vs " + got[i];
        }
        if (!(diff <= RTOL * Math.abs(want[i]) + ATOL)) {
          throw new AssertionFailedError(
              what
                  + " [element "
                  + i
                  + "]: expected "
                  + want[i]
                  + " but was "
                  + got[i]
                  + " (relative difference "
                  + diff / Math.abs(want[i])
                  + ")\n  expected "
                  + java.util.Arrays.toString(want)
                  + "\n  actual   "
                  + java.util.Arrays.toString(got));
        }
      }
    }
  }
}
