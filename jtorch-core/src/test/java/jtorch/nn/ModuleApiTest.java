package jtorch.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.nn.functional.F;
import org.junit.jupiter.api.Test;

/**
 * The Module API against PyTorch's printouts and messages ({@code modules.txt}, written by {@code
 * tools/golden/convnet.py}): parameter names and order, children and modules, apply, train/eval,
 * zeroGrad, to(dtype), state dicts with batch-norm buffers, strict and non-strict loading, and
 * {@code toString} as {@code print(model)}.
 */
class ModuleApiTest {
  private static final Map<String, String> PYTORCH = ConvNets.facts();

  private static String names(Map<String, ? extends Tensor> named) {
    List<String> lines = new ArrayList<>();
    named.forEach((k, v) -> lines.add(k + " " + v.shape()));
    return String.join("\n", lines);
  }

  @Test
  void namedParametersHavePyTorchsDottedNamesOrderAndCount() {
    ConvNets.ConvNet net = new ConvNets.ConvNet();
    assertThat(names(net.namedParameters())).isEqualTo(PYTORCH.get("named_parameters.ConvNet"));
    assertThat(names(ConvNets.sequential(4608).namedParameters()))
        .isEqualTo(PYTORCH.get("named_parameters.Sequential"));
    assertThat(net.parameters()).hasSize(8);
    assertThat(net.parameters())
        .containsExactly(
            net.cn1.weight,
            net.cn1.bias,
            net.cn2.weight,
            net.cn2.bias,
            net.fc1.weight,
            net.fc1.bias,
            net.fc2.weight,
            net.fc2.bias);
    long numel = net.parameters().stream().mapToLong(Tensor::numel).sum();
    assertThat(numel).isEqualTo(Long.parseLong(PYTORCH.get("numel.ConvNet"))).isEqualTo(300_426);
    assertThat(net.parameters()).allMatch(Tensor::requiresGrad);
  }

  @Test
  void sharedParametersAreListedOnce() {
    Linear shared = new Linear(3, 3);
    Sequential twice = new Sequential(shared, new ReLU(), shared);
    assertThat(twice.namedParameters().keySet()).containsExactly("0.weight", "0.bias");
    assertThat(twice.parameters()).hasSize(2);
  }

  @Test
  void childrenAndModulesInRegistrationOrder() {
    ConvNets.ConvNet net = new ConvNets.ConvNet();
    assertThat(net.children())
        .containsExactly(net.cn1, net.cn2, net.dp1, net.dp2, net.fc1, net.fc2);
    assertThat(net.namedChildren().keySet())
        .containsExactly("cn1", "cn2", "dp1", "dp2", "fc1", "fc2");
    ConvNets.Nested nested = new ConvNets.Nested();
    assertThat(String.join("\n", nested.namedChildren().keySet()))
        .isEqualTo(PYTORCH.get("named_children.Nested"));
    assertThat(
            String.join(
                "\n", nested.modules().stream().map(m -> m.getClass().getSimpleName()).toList()))
        .isEqualTo(PYTORCH.get("modules.Nested"));
    assertThat(nested.modules().get(0)).isSameAs(nested);
    assertThat(nested.modules()).hasSize(16).doesNotHaveDuplicates();
  }

  @Test
  void applyVisitsChildrenBeforeTheModuleItself() {
    ConvNets.Nested nested = new ConvNets.Nested();
    List<Module> seen = new ArrayList<>();
    assertThat(nested.apply(seen::add)).isSameAs(nested);
    assertThat(seen).hasSize(16).containsExactlyInAnyOrderElementsOf(nested.modules());
    assertThat(seen.get(seen.size() - 1)).isSameAs(nested);
    // post-order, as PyTorch's apply: the first is the first leaf, a Sequential after its layers
    assertThat(seen.get(0).getClass()).isEqualTo(Conv2d.class);
    assertThat(seen.indexOf(nested.features)).isGreaterThan(seen.indexOf(nested.features.get(5)));
    // the usual use: re-initialise the weights of one kind of layer
    nested.apply(m -> {
      if (m instanceof Linear l) {
        jtorch.nn.init.Init.zeros_(l.weight);
      }
    });
    assertThat(((Linear) nested.head.get(1)).weight.toDoubleArray()).containsOnly(0.0);
  }

  @Test
  void trainAndEvalReachEveryModule() {
    ConvNets.Nested nested = new ConvNets.Nested();
    assertThat(nested.modules()).allMatch(Module::isTraining);
    assertThat(nested.eval()).isSameAs(nested);
    assertThat(nested.modules()).noneMatch(Module::isTraining);
    nested.train();
    assertThat(nested.modules()).allMatch(Module::isTraining);
    nested.head.train(false);
    assertThat(nested.isTraining()).isTrue();
    assertThat(nested.head.modules()).noneMatch(Module::isTraining);
    assertThat(nested.features.modules()).allMatch(Module::isTraining);
  }

  @Test
  void dropoutIsTheIdentityInEvalMode() {
    Torch.manualSeed(1);
    Module net = new Sequential(new Dropout(0.5));
    Tensor x = Torch.randn(4, 50);
    assertThat(net.forward(x).toFloatArray()).isNotEqualTo(x.toFloatArray());
    net.eval();
    assertThat(net.forward(x).toFloatArray()).isEqualTo(x.toFloatArray());
  }

  @Test
  void batchNormUsesBatchStatisticsInTrainingAndRunningStatisticsInEval() {
    Torch.manualSeed(2);
    BatchNorm2d bn = new BatchNorm2d(3);
    Module net = new Sequential(bn);
    Tensor x = Torch.randn(4, 3, 2, 2).mul(2.0).add(1.0);
    Tensor y = net.forward(x);
    assertThat(bn.numBatchesTracked.item()).isEqualTo(1.0);
    // training: each channel of the output has mean 0 (batch statistics)
    for (double m : y.mean(new int[] {0, 2, 3}, false).toDoubleArray()) {
      assertThat(m).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-6));
    }
    double[] batchMean = x.mean(new int[] {0, 2, 3}, false).toDoubleArray();
    double[] running = bn.runningMean.toDoubleArray();
    for (int c = 0; c < 3; c++) {
      assertThat(running[c])
          .isCloseTo(0.1 * batchMean[c], org.assertj.core.data.Offset.offset(1e-6));
    }
    net.eval();
    Tensor before = bn.runningMean.clone();
    Tensor expected =
        x.sub(bn.runningMean.view(1, 3, 1, 1))
            .div(bn.runningVar.view(1, 3, 1, 1).add(1e-5).sqrt())
            .mul(bn.weight.view(1, 3, 1, 1))
            .add(bn.bias.view(1, 3, 1, 1));
    assertThat(net.forward(x).toFloatArray())
        .containsExactly(expected.toFloatArray(), org.assertj.core.data.Offset.offset(1e-6f));
    assertThat(bn.runningMean.toFloatArray()).isEqualTo(before.toFloatArray());
    assertThat(bn.numBatchesTracked.item()).isEqualTo(1.0);
  }

  @Test
  void zeroGradClearsTheGradients() {
    ConvNets.ConvNet net = new ConvNets.ConvNet();
    F.nllLoss(net.forward(Torch.randn(2, 1, 28, 28)), Torch.tensor(new long[] {3, 7})).backward();
    assertThat(net.parameters()).allMatch(p -> p.grad() != null);
    net.zeroGrad();
    assertThat(net.parameters()).allMatch(p -> p.grad() == null);
  }

  @Test
  void toFloat64KeepsTheParametersAndConvertsValuesBuffersAndGradients() {
    Torch.manualSeed(3);
    ConvNets.Nested nested = new ConvNets.Nested();
    List<Parameter> params = nested.parameters();
    Map<String, Tensor> before = new LinkedHashMap<>();
    nested.stateDict().forEach((k, v) -> before.put(k, v.clone()));
    Parameter w = ((Linear) nested.head.get(1)).weight;
    w.sum().backward();
    assertThat(nested.to(DType.FLOAT64)).isSameAs(nested);
    assertThat(nested.parameters()).containsExactlyElementsOf(params);
    assertThat(w.grad().dtype()).isEqualTo(DType.FLOAT64);
    assertThat(w.requiresGrad()).isTrue();
    for (var e : nested.stateDict().entrySet()) {
      Tensor old = before.get(e.getKey());
      boolean counter = e.getKey().endsWith("num_batches_tracked");
      assertThat(e.getValue().dtype())
          .as(e.getKey())
          .isEqualTo(counter ? DType.INT64 : DType.FLOAT64);
      assertThat(e.getValue().toDoubleArray()).as(e.getKey()).isEqualTo(old.toDoubleArray());
    }
    // and the model runs in float64
    nested.eval();
    assertThat(nested.forward(Torch.randn(new long[] {2, 3, 8, 8}, DType.FLOAT64)).dtype())
        .isEqualTo(DType.FLOAT64);
    assertThatThrownBy(() -> nested.to(DType.INT32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("floating point");
  }

  @Test
  void stateDictHoldsParametersAndBatchNormBuffers() {
    ConvNets.Nested nested = new ConvNets.Nested();
    List<String> lines = new ArrayList<>();
    nested
        .stateDict()
        .forEach((k, v) ->
            lines.add(k + " " + v.dtype().toString().replace("torch.", "") + " " + v.shape()));
    assertThat(String.join("\n", lines)).isEqualTo(PYTORCH.get("state_dict.Nested"));
    assertThat(String.join("\n", nested.namedBuffers().keySet()))
        .isEqualTo(PYTORCH.get("named_buffers.Nested"));
    // detached views of the module's own tensors
    Tensor w = nested.stateDict().get("head.1.weight");
    assertThat(w.requiresGrad()).isFalse();
    assertThat(w.untypedStorage()).isSameAs(((Linear) nested.head.get(1)).weight.untypedStorage());
  }

  @Test
  void strictLoadingFailsWithPyTorchsReportAndCopiesNothing() {
    ConvNets.ConvNet net = new ConvNets.ConvNet();
    Map<String, Tensor> state = new LinkedHashMap<>(new ConvNets.ConvNet().stateDict());
    Map<String, Tensor> bad = new LinkedHashMap<>(state);
    bad.remove("cn2.bias");
    bad.remove("fc1.weight");
    bad.put("fc2.bias", Torch.zeros(9));
    bad.put("fc3.weight", Torch.zeros(2, 2));
    float[] cn1 = net.cn1.weight.toFloatArray();
    assertThatThrownBy(() -> net.loadStateDict(bad))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(PYTORCH.get("error.strict"));
    assertThatThrownBy(() -> net.loadStateDict(bad, false))
        .hasMessage(PYTORCH.get("error.non_strict_size"));
    assertThat(net.cn1.weight.toFloatArray()).isEqualTo(cn1);
    Map<String, Tensor> missing = new LinkedHashMap<>(state);
    missing.remove("fc2.bias");
    missing.put("extra", Torch.zeros(1));
    assertThatThrownBy(() -> net.loadStateDict(missing))
        .hasMessage(PYTORCH.get("error.missing_unexpected"));
  }

  @Test
  void nonStrictLoadingReturnsTheIncompatibleKeysAndCopiesTheRest() {
    ConvNets.ConvNet net = new ConvNets.ConvNet();
    ConvNets.ConvNet source = new ConvNets.ConvNet();
    Map<String, Tensor> missing = new LinkedHashMap<>(source.stateDict());
    missing.remove("fc2.bias");
    missing.put("extra", Torch.zeros(1));
    float[] fc2Bias = net.fc2.bias.toFloatArray();
    IncompatibleKeys r = net.loadStateDict(missing, false);
    assertThat("missing " + pyList(r.missingKeys()) + "\nunexpected " + pyList(r.unexpectedKeys()))
        .isEqualTo(PYTORCH.get("incompatible"));
    assertThat(net.cn1.weight.toFloatArray()).isEqualTo(source.cn1.weight.toFloatArray());
    assertThat(net.fc2.bias.toFloatArray()).isEqualTo(fc2Bias);
    assertThat(net.loadStateDict(source.stateDict()))
        .isEqualTo(new IncompatibleKeys(List.of(), List.of()));
    // loading copies values: the parameters stay the module's own
    assertThat(net.cn1.weight.untypedStorage()).isNotSameAs(source.cn1.weight.untypedStorage());
  }

  private static String pyList(List<String> keys) {
    return "[" + String.join(", ", keys.stream().map(k -> "'" + k + "'").toList()) + "]";
  }

  @Test
  void toStringPrintsAsPyTorch() {
    assertThat(new ConvNets.ConvNet().toString()).isEqualTo(PYTORCH.get("print.ConvNet"));
    assertThat(ConvNets.sequential(4608).toString()).isEqualTo(PYTORCH.get("print.Sequential"));
    assertThat(ConvNets.sequential(4068).toString()).isEqualTo(PYTORCH.get("print.SequentialTypo"));
    assertThat(new ConvNets.Nested().toString()).isEqualTo(PYTORCH.get("print.Nested"));
  }
}
