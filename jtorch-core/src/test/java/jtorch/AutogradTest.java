package jtorch;

import static jtorch.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import jtorch.autograd.Function;
import jtorch.autograd.FunctionCtx;
import jtorch.autograd.GradMode;
import org.junit.jupiter.api.Test;

class AutogradTest {

  private static Tensor leaf(double... v) {
    return tensor(v).requiresGrad_();
  }

  @Test
  void gradientsAccumulateInLeaves() {
    Tensor x = leaf(1, 2, 3);
    x.mul(x).sum().backward();
    x.mul(3.0).sum().backward();
    assertThat(x.grad().toDoubleArray()).containsExactly(5, 7, 9);
    assertThat(x.isLeaf()).isTrue();
    assertThat(x.mul(2.0).gradFn().name()).isEqualTo("MulBackward0");
  }

  @Test
  void backwardWithAnExplicitGradient() {
    Tensor x = leaf(1, 2);
    Tensor y = x.mul(x);
    y.backward(tensor(new double[] {1, 10}));
    assertThat(x.grad().toDoubleArray()).containsExactly(2, 40);
  }

  @Test
  void aSecondBackwardNeedsRetainGraph() {
    Tensor x = leaf(1, 2);
    Tensor y = x.exp().sum();
    y.backward(null, true);
    y.backward();
    assertThat(x.grad().toDoubleArray()).containsExactly(2 * Math.exp(1), 2 * Math.exp(2));
    assertThatThrownBy(y::backward)
        .hasMessageContaining("Trying to backward through the graph a second time")
        .hasMessageContaining("retainGraph=true");
  }

  @Test
  void inPlaceChangeOfASavedTensorIsDetected() {
    Tensor x = leaf(1, 2);
    Tensor h = x.mul(2.0);
    Tensor y = h.exp(); // exp saves its output
    y.mul_(2.0);
    assertThatThrownBy(() -> y.sum().backward())
        .hasMessageContaining("modified by an inplace operation")
        .hasMessageContaining("ExpBackward0")
        .hasMessageContaining("is at version 1; expected version 0");
  }

  @Test
  void inPlaceOnANonLeafRebasesHistory() {
    Tensor x = leaf(1, 2);
    Tensor y = x.mul(3.0);
    y.add_(x);
    y.mul_(x);
    y.sum().backward();
    // y = 4x * x, dy/dx = 8x
    assertThat(x.grad().toDoubleArray()).containsExactly(8, 16);
  }

  @Test
  void inPlaceOnALeafThatRequiresGradIsRefused() {
    Tensor x = leaf(1, 2);
    assertThatThrownBy(() -> x.add_(1.0))
        .hasMessageContaining("a leaf Variable that requires grad is being used in an in-place");
    try (var g = Torch.noGrad()) {
      x.sub_(1.0);
    }
    assertThat(x.toDoubleArray()).containsExactly(0, 1);
  }

  @Test
  void backwardOnATensorWithoutGradFails() {
    Tensor x = tensor(new double[] {1, 2});
    assertThatThrownBy(() -> x.sum().backward())
        .hasMessageContaining("does not require grad and does not have a grad_fn")
        .hasMessageContaining("requiresGrad_(true)");
    Tensor y = leaf(1, 2).mul(2.0);
    assertThatThrownBy(y::backward)
        .hasMessageContaining("grad can be implicitly created only for scalar outputs");
  }

  @Test
  void noGradScopesNestAndAreThreadLocal() throws Exception {
    Tensor x = leaf(1);
    try (var outer = Torch.noGrad()) {
      assertThat(x.mul(2.0).requiresGrad()).isFalse();
      try (var inner = Torch.enableGrad()) {
        assertThat(x.mul(2.0).requiresGrad()).isTrue();
      }
      assertThat(GradMode.isEnabled()).isFalse();
      boolean other = CompletableFuture.supplyAsync(GradMode::isEnabled).get();
      assertThat(other).isTrue();
    }
    assertThat(GradMode.isEnabled()).isTrue();
  }

  @Test
  void detachCutsTheGraphButSharesData() {
    Tensor x = leaf(1, 2);
    Tensor d = x.mul(2.0).detach();
    assertThat(d.requiresGrad()).isFalse();
    assertThat(d.isLeaf()).isTrue();
    Tensor e = x.detach();
    assertThat(e.untypedStorage()).isSameAs(x.untypedStorage());
  }

  @Test
  void gradientsFlowThroughViewsAndBroadcasts() {
    Tensor w = leaf(1, 2, 3, 4, 5, 6);
    Tensor m = w.view(2, 3);
    Tensor b = leaf(10, 20, 30);
    Tensor y = m.t().get(1).mul(m.add(b).sum(1));
    y.sum().backward();
    assertThat(b.grad().toDoubleArray()).containsExactly(2 + 5, 2 + 5, 2 + 5);
    // w[i, j] gets (m+b).sum(1)[i] at j == 1 and m[i, 1] from every column of its row.
    assertThat(w.grad().toDoubleArray()).containsExactly(2, 2 + 66, 2, 5, 5 + 75, 5);
  }

  @Test
  void halfInputsReceiveHalfGradients() {
    Tensor h = tensor(new float[] {1, 2}, DType.HALF).requiresGrad_();
    Tensor f = tensor(new float[] {3, 4}).requiresGrad_();
    h.mul(f).sum().backward();
    assertThat(h.grad().dtype()).isEqualTo(DType.HALF);
    assertThat(h.grad().toFloatArray()).containsExactly(3, 4);
    assertThat(f.grad().dtype()).isEqualTo(DType.FLOAT32);
  }

  /** {@code x ** 3} as a user-defined function. */
  static final class Cube extends Function {
    @Override
    protected Tensor forward(FunctionCtx ctx, Tensor... in) {
      ctx.saveForBackward(in[0]);
      return in[0].pow(3L);
    }

    @Override
    protected Tensor[] backward(FunctionCtx ctx, Tensor grad) {
      Tensor x = ctx.savedTensors()[0];
      return new Tensor[] {grad.mul(x.pow(2L)).mul(3L)};
    }
  }

  @Test
  void userDefinedFunctionsJoinTheGraph() {
    Tensor x = leaf(1, 2);
    Tensor y = new Cube().apply(x.mul(2.0));
    assertThat(y.gradFn().name()).isEqualTo("Cube");
    y.sum().backward();
    // d/dx (2x)^3 = 24 x^2
    assertThat(x.grad().toDoubleArray()).containsExactly(24, 96);
    assertThat(new Cube().apply(tensor(new double[] {2})).requiresGrad()).isFalse();
  }
}
