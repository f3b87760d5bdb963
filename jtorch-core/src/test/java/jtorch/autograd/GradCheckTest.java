package jtorch.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import jtorch.DType;
import jtorch.Generator;
import jtorch.Tensor;
import jtorch.Torch;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Float64 finite-difference checks of every differentiable op ({@link GradCheckCases}), and the
 * behaviour of {@link GradCheck} itself.
 */
class GradCheckTest {

  @TestFactory
  Stream<DynamicTest> everyDifferentiableOp() {
    return GradCheckCases.ALL.stream()
        .map(c ->
            DynamicTest.dynamicTest(
                c.name(),
                () ->
                    assertThat(GradCheck.check(c.f(), c.eps(), c.atol(), GradCheck.RTOL, c.build()))
                        .isTrue()));
  }

  /** x * x with a backward that forgets the factor 2. */
  private static final class WrongSquare extends Function {
    @Override
    protected Tensor forward(FunctionCtx ctx, Tensor... in) {
      ctx.saveForBackward(in[0]);
      return in[0].mul(in[0]);
    }

    @Override
    protected Tensor[] backward(FunctionCtx ctx, Tensor grad) {
      return new Tensor[] {grad.mul(ctx.savedTensors()[0])};
    }
  }

  private static Tensor randn(long... shape) {
    return Torch.randn(shape, DType.FLOAT64, new Generator(7)).requiresGrad_();
  }

  @Test
  void reportsTheInputAndWorstElementOfAWrongGradient() {
    Tensor a = randn(2, 3);
    Tensor b = randn(3);
    assertThatThrownBy(() -> GradCheck.check(x -> x[0].add(new WrongSquare().apply(x[1])), a, b))
        .isInstanceOf(GradCheck.GradCheckError.class)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("input 1 (shape [3], torch.float64)")
        .hasMessageContaining("worst at input element [")
        .hasMessageContaining("numerical")
        .hasMessageContaining("analytical");
  }

  @Test
  void passesCorrectGradientsOfSeveralInputsAndNonScalarOutputs() {
    assertThat(GradCheck.check(x -> x[0].mul(x[1]).sum(1), randn(3, 4), randn(4))).isTrue();
  }

  @Test
  void checksOnlyInputsThatRequireGrad() {
    Tensor constant = Torch.randn(new long[] {3}, DType.FLOAT64, new Generator(1));
    assertThat(GradCheck.check(x -> x[0].mul(x[1]), randn(3), constant)).isTrue();
  }

  @Test
  void leavesInputsAndTheirGradientsUntouched() {
    Tensor a = randn(2, 2).transpose(0, 1).detach().requiresGrad_();
    double[] before = a.toDoubleArray();
    GradCheck.check(x -> x[0].exp(), a);
    assertThat(a.toDoubleArray()).containsExactly(before);
    assertThat(a.grad()).isNull();
    assertThat(a.stride()).containsExactly(1, 2);
  }

  @Test
  void rejectsCallsWithoutAnInputThatRequiresGrad() {
    Tensor a = Torch.zeros(new long[] {2}, DType.FLOAT64);
    assertThatThrownBy(() -> GradCheck.check(x -> x[0].exp(), a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no input requires grad");
  }

  @Test
  void rejectsExpandedInputs() {
    Tensor a = randn(1, 3).detach().expand(2, 3).requiresGrad_();
    assertThatThrownBy(() -> GradCheck.check(x -> x[0].exp(), a))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stride 0");
  }

  @Test
  void outputIndependentOfTheInputsHasZeroGradient() {
    Tensor a = randn(2);
    assertThat(GradCheck.check(x -> Torch.ones(new long[] {2}, DType.FLOAT64), a)).isTrue();
  }
}
