package jtorch.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.io.SafeTensors;
import jtorch.nn.functional.F;
import jtorch.optim.Adadelta;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tutorial's ConvNet against PyTorch ({@code tools/golden/convnet.py}): the initial weights
 * after {@code manualSeed(0)}, and three Adadelta(lr 0.5) steps on MNIST batches from those
 * weights, loaded through safetensors and {@code loadStateDict}, in both the module-class and the
 * Sequential form: losses, every gradient and every parameter after each step, within 1e-5 of
 * PyTorch's, relative to the largest magnitude of the tensor (float32 sums over up to 21,632 terms
 * in a different order). A tensor may match PyTorch's float64 run of the same steps instead of its
 * float32 run: a near-tie between two max-pool inputs can route a gradient to different pixels in
 * two float32 runs (at step 3, element 2 of conv1's bias gradient is -0.0013169564 in jtorch,
 * -0.0013197872 in PyTorch's float32 run and -0.0013169567 in its float64 run).
 *
 * <p>Dropout is off in both: the models train in train mode but their dropout modules are in eval
 * mode (the identity), because PyTorch's dropout masks come from its own random stream, which
 * jtorch does not reproduce. Dropout itself is covered by {@code DropoutTest}.
 */
class ConvNetTrainingTest {
  private static final double TOLERANCE = 1e-5;
  private static Map<String, Tensor> init;
  private static Map<String, Tensor> steps;
  private static Map<String, Tensor> steps64;

  @BeforeAll
  static void load() throws IOException {
    init = SafeTensors.load(ConvNets.resource("convnet_init.safetensors"));
    steps = SafeTensors.load(ConvNets.resource("convnet_steps.safetensors"));
    steps64 = SafeTensors.load(ConvNets.resource("convnet_steps_f64.safetensors"));
  }

  @Test
  void seedZeroGivesPyTorchsInitialWeightsBitForBit() {
    Torch.manualSeed(0);
    ConvNets.ConvNet net = new ConvNets.ConvNet();
    Torch.manualSeed(0);
    Sequential seq = ConvNets.sequential(4608);
    assertThat(net.stateDict().keySet()).containsExactlyElementsOf(init.keySet());
    for (var e : init.entrySet()) {
      float[] want = e.getValue().toFloatArray();
      assertThat(net.stateDict().get(e.getKey()).toFloatArray()).as(e.getKey()).isEqualTo(want);
      assertThat(seq.stateDict().get(ConvNets.sequentialName(e.getKey())).toFloatArray())
          .as("Sequential " + e.getKey())
          .isEqualTo(want);
    }
  }

  @Test
  void moduleClassTrainsAsPyTorch() {
    Module net = new ConvNets.ConvNet();
    net.loadStateDict(init);
    double[] worst =
        train(net, net.namedChildren().get("dp1"), net.namedChildren().get("dp2"), k -> k);
    report("module class", worst);
  }

  @Test
  void sequentialTrainsAsPyTorch() {
    Sequential seq = ConvNets.sequential(4608);
    Map<String, Tensor> renamed = new LinkedHashMap<>();
    init.forEach((k, v) -> renamed.put(ConvNets.sequentialName(k), v));
    seq.loadStateDict(renamed);
    double[] worst = train(seq, seq.get(5), seq.get(9), ConvNets::sequentialName);
    report("Sequential", worst);
  }

  /**
   * Runs the three recorded steps; {@code name} maps the recorded (module-class) parameter names to
   * the model's. Returns the worst relative differences seen: loss, gradients, parameters, and the
   * worst single element relative to itself among those above 1e-3 of their tensor's largest.
   */
  private static double[] train(Module model, Module dp1, Module dp2, UnaryOperator<String> name) {
    model.train();
    dp1.eval();
    dp2.eval();
    assertThat(model.isTraining()).isTrue();
    Map<String, Parameter> params = model.namedParameters();
    var opt = new Adadelta(model.parameters(), 0.5);
    Tensor images = steps.get("images");
    Tensor labels = steps.get("labels");
    double[] xSums = steps.get("x_sum").toDoubleArray();
    double[] losses = steps.get("loss").toDoubleArray();
    double[] worst = new double[4];
    for (int s = 0; s < losses.length; s++) {
      Tensor x = images.get(s).to(DType.FLOAT32).div(255.0).sub(0.1302).div(0.3069);
      assertThat(x.toDouble().sum().item()).as("normalised batch %d", s).isEqualTo(xSums[s]);
      opt.zeroGrad();
      Tensor loss = F.nllLoss(model.forward(x), labels.get(s));
      loss.backward();
      double d = Math.abs(loss.item() - losses[s]) / Math.abs(losses[s]);
      assertThat(d)
          .as("loss of step %d: %s, PyTorch %s", s + 1, loss.item(), losses[s])
          .isLessThanOrEqualTo(TOLERANCE);
      worst[0] = Math.max(worst[0], d);
      for (var e : init.keySet()) {
        compare("step" + (s + 1) + ".grad.", e, params.get(name.apply(e)).grad(), worst, 1);
      }
      opt.step();
      for (var e : init.keySet()) {
        compare("step" + (s + 1) + ".param.", e, params.get(name.apply(e)), worst, 2);
      }
    }
    return worst;
  }

  /**
   * Compares with the recorded tensor (fc1.weight: its every 7th element) of PyTorch's float32 run,
   * or failing that of its float64 run; keeps the worst differences in {@code worst[slot]} and
   * {@code worst[3]}.
   */
  private static void compare(String prefix, String key, Tensor got, double[] worst, int slot) {
    Tensor flat = got.detach().reshape(-1);
    String stored = steps.containsKey(prefix + key) ? prefix + key : prefix + key + ".every7";
    if (!stored.equals(prefix + key)) {
      flat = flat.slice(0, 0, flat.numel(), 7);
    }
    assertThat(steps.get(stored)).as(prefix + key).isNotNull();
    double[] a = flat.toDouble().toDoubleArray();
    Diff d = Diff.of(a, steps.get(stored).toDouble().toDoubleArray());
    if (d.rel() > TOLERANCE) {
      Diff d64 = Diff.of(a, steps64.get(stored).toDouble().toDoubleArray());
      d = d64.rel() <= TOLERANCE ? d64 : d;
    }
    assertThat(d.rel())
        .as(
            "%s%s: element %d is %s, PyTorch %s (max |PyTorch| %s)",
            prefix, key, d.at(), a[d.at()], d.want(), d.scale())
        .isLessThanOrEqualTo(TOLERANCE);
    worst[slot] = Math.max(worst[slot], d.rel());
    worst[3] = Math.max(worst[3], d.worstElement());
  }

  /**
   * The largest difference relative to the reference's largest magnitude, where it is, and the
   * worst element relative to itself among those above 1e-3 of that magnitude.
   */
  private record Diff(double rel, int at, double want, double scale, double worstElement) {
    static Diff of(double[] a, double[] e) {
      assertThat(a).hasSize(e.length);
      double scale = 0;
      double diff = 0;
      int at = 0;
      for (int i = 0; i < e.length; i++) {
        scale = Math.max(scale, Math.abs(e[i]));
        if (Math.abs(a[i] - e[i]) > diff) {
          diff = Math.abs(a[i] - e[i]);
          at = i;
        }
      }
      double element = 0;
      for (int i = 0; i < e.length; i++) {
        if (Math.abs(e[i]) > 1e-3 * scale) {
          element = Math.max(element, Math.abs(a[i] - e[i]) / Math.abs(e[i]));
        }
      }
      return new Diff(diff / scale, at, e[at], scale, element);
    }
  }

  private static void report(String form, double[] worst) {
    System.out.printf(
        "ConvNet (%s) vs PyTorch, worst relative difference: loss %.3g, gradients %.3g,"
            + " parameters %.3g; worst element (of those above 1e-3 of their tensor's max) %.3g%n",
        form, worst[0], worst[1], worst[2], worst[3]);
  }

  @Test
  void theTutorialsTypoFailsAtTheFirstBatchNamingTheLayerAndBothShapes() {
    Sequential seq = ConvNets.sequential(4068);
    Tensor x = steps.get("images").get(0).to(DType.FLOAT32).div(255.0);
    String pytorch = ConvNets.facts().get("error.typo");
    assertThatThrownBy(() -> seq.forward(x))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Linear(in_features=4068, out_features=64, bias=True)")
        .hasMessageContaining("32x4608")
        .hasMessageContaining("4068x64")
        .hasMessageContaining(pytorch);
  }
}
