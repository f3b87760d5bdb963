package jtorch.autograd;

import static jtorch.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;

import jtorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A leaf keeps a gradient computed in the backward pass as its {@code grad} without copying it
 * ({@link GradientBuffers}) only when nothing else holds that gradient's storage: these cases would
 * alias two tensors, or feed a later node a gradient already changed, if it kept one that something
 * else holds.
 */
class GradientKeepingTest {

  private static Tensor leaf(double... v) {
    return tensor(v).requiresGrad_();
  }

  @Test
  void twoLeavesGivenTheSameGradientGetTheirOwn() {
    Tensor a = leaf(1, 2);
    Tensor b = leaf(3, 4);
    a.add(b).mul(2.0).sum().backward(); // add's backward passes one tensor to both
    a.grad().add_(1.0);
    assertThat(a.grad().toDoubleArray()).containsExactly(3, 3);
    assertThat(b.grad().toDoubleArray()).containsExactly(2, 2);
    assertThat(a.grad().untypedStorage()).isNotSameAs(b.grad().untypedStorage());
  }

  @Test
  void aViewOfAnotherLeafsGradientIsCopied() {
    Tensor a = leaf(1, 2, 3, 4);
    Tensor b = tensor(new double[][] {{5, 6}, {7, 8}}).requiresGrad_();
    a.add(b.view(4)).mul(3.0).sum().backward();
    assertThat(a.grad().untypedStorage()).isNotSameAs(b.grad().untypedStorage());
    b.grad().zero_();
    assertThat(a.grad().toDoubleArray()).containsExactly(3, 3, 3, 3);
  }

  @Test
  void theCallersGradientIsNeverKept() {
    Tensor x = leaf(1, 2);
    Tensor g = tensor(new double[] {5, 7});
    x.view(2).backward(g); // the view's backward hands g itself to x
    g.add_(100.0);
    assertThat(x.grad().toDoubleArray()).containsExactly(5, 7);
  }

  @Test
  void aGradientStillWaitingForANodeIsNotKept() {
    // the outer add's backward gives one tensor to w's accumulator and to the inner add, whose
    // backward passes it on to mul's and exp's: had w kept it, exp's gradient accumulated into
    // w.grad in place would change what mul's backward still has to read
    Tensor w = leaf(0.5, -1);
    w.mul(2.0).add(w.exp()).add(w).mul(3.0).sum().backward();
    assertThat(w.grad().toDoubleArray())
        .containsExactly(3 * (3 + Math.exp(0.5)), 3 * (3 + Math.exp(-1)));
  }

  @Test
  void aUserFunctionsGradientIsCopied() {
    Tensor[] stash = new Tensor[1];
    Function passOn =
        new Function() {
          @Override
          protected Tensor forward(FunctionCtx ctx, Tensor... in) {
            return in[0].mul(1.0);
          }

          @Override
          protected Tensor[] backward(FunctionCtx ctx, Tensor grad) {
            stash[0] = grad.mul(1.0); // made in the pass, and kept by the user
            return new Tensor[] {stash[0]};
          }
        };
    Tensor x = leaf(1, 2);
    passOn.apply(x).mul(4.0).sum().backward();
    x.grad().add_(1.0);
    assertThat(stash[0].toDoubleArray()).containsExactly(4, 4);
    assertThat(x.grad().toDoubleArray()).containsExactly(5, 5);
  }

  @Test
  void aKeptGradientStillAccumulatesLaterPasses() {
    Tensor w = leaf(1, 2);
    w.mul(3.0).sum().backward();
    w.mul(w).sum().backward();
    assertThat(w.grad().toDoubleArray()).containsExactly(5, 7);
  }
}
