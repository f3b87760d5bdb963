package jtorch.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.ValuesIndices;
import jtorch.nn.functional.F;
import org.junit.jupiter.api.Test;

/**
 * Fails when a differentiable op has no gradient check. The ops are derived from the API itself:
 * every public {@link Tensor} method, and every public {@link Torch} and {@link F} function taking
 * a tensor, that returns a {@link Tensor} or {@link ValuesIndices}, by signature (so each overload
 * counts). An op is either listed below as not differentiable, with the reason, or needs a case in
 * {@link GradCheckCases}; a new method without either fails this test.
 */
class GradCheckRegistryTest {

  /**
   * Ops without a gradient (integer or bool results, graph bookkeeping, filling), and the one whose
   * gradient needs CUDA.
   */
  static final Set<String> NOT_DIFFERENTIABLE =
      Set.of(
          // autograd bookkeeping
          "requiresGrad_()",
          "requiresGrad_(boolean)",
          "grad()",
          "detach()",
          // bool results
          "eq(Tensor)",
          "eq(double)",
          "ne(Tensor)",
          "ne(double)",
          "lt(Tensor)",
          "lt(double)",
          "le(Tensor)",
          "le(double)",
          "gt(Tensor)",
          "gt(double)",
          "ge(Tensor)",
          "ge(double)",
          "logicalAnd(Tensor)",
          "logicalOr(Tensor)",
          "logicalNot()",
          // int64 results
          "argmax()",
          "argmax(int)",
          "argmax(int,boolean)",
          "argmin()",
          "argmin(int)",
          "argmin(int,boolean)",
          "Torch.argmax(Tensor,int)",
          "toLong()",
          // overwrite values: not recordable (they throw inside the graph)
          "fill_(double)",
          "zero_()",
          "bernoulli_(double)",
          "bernoulli_(double,Generator)",
          "set_(Tensor)",
          // new tensors that only take their shape from the argument
          "Torch.zerosLike(Tensor)",
          "Torch.onesLike(Tensor)",
          "Torch.emptyLike(Tensor)",
          "Torch.fullLike(Tensor,double)",
          "Torch.randLike(Tensor)",
          "Torch.randnLike(Tensor)",
          // needs CUDA's pinned memory: its identity gradient is checked in jtorch-cuda's
          // FakePinnedChecks ("gradients flow through pinMemory")
          "pinMemory()");

  /** The signatures of all tensor-valued ops of the public API. */
  static Set<String> allOps() {
    Set<String> ops = new TreeSet<>();
    for (Method m : Tensor.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())
          && !Modifier.isStatic(m.getModifiers())
          && returnsTensor(m)) {
        ops.add(signature(m));
      }
    }
    for (Method m : Torch.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())
          && Modifier.isStatic(m.getModifiers())
          && returnsTensor(m)
          && Arrays.stream(m.getParameterTypes())
              .anyMatch(p -> p == Tensor.class || p == Tensor[].class)) {
        ops.add("Torch." + signature(m));
      }
    }
    for (Method m : F.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())
          && Modifier.isStatic(m.getModifiers())
          && returnsTensor(m)
          && Arrays.asList(m.getParameterTypes()).contains(Tensor.class)) {
        ops.add("F." + signature(m));
      }
    }
    return ops;
  }

  private static boolean returnsTensor(Method m) {
    return m.getReturnType() == Tensor.class || m.getReturnType() == ValuesIndices.class;
  }

  private static String signature(Method m) {
    return m.getName()
        + Arrays.stream(m.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(",", "(", ")"));
  }

  private static Set<String> covered() {
    return GradCheckCases.ALL.stream()
        .map(GradCheckCases.Case::op)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void everyDifferentiableOpHasAGradCheck() {
    Set<String> missing = new TreeSet<>(allOps());
    missing.removeAll(NOT_DIFFERENTIABLE);
    missing.removeAll(covered());
    assertThat(missing)
        .as(
            "differentiable ops without a case in GradCheckCases (add one, or list the op in"
                + " GradCheckRegistryTest.NOT_DIFFERENTIABLE with the reason)")
        .isEmpty();
  }

  @Test
  void everyCaseNamesAnExistingOp() {
    Set<String> unknown = covered();
    unknown.removeAll(allOps());
    assertThat(unknown).as("GradCheckCases signatures that match no public op").isEmpty();
  }

  @Test
  void theNonDifferentiableListHasNoStaleOrCheckedEntries() {
    Set<String> stale = new TreeSet<>(NOT_DIFFERENTIABLE);
    stale.removeAll(allOps());
    assertThat(stale).as("NOT_DIFFERENTIABLE entries that match no public op").isEmpty();
    Set<String> both = new TreeSet<>(NOT_DIFFERENTIABLE);
    both.retainAll(covered());
    assertThat(both).as("ops both listed as not differentiable and gradient-checked").isEmpty();
  }
}
