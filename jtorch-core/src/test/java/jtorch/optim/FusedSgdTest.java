package jtorch.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import jtorch.DType;
import jtorch.Generator;
import jtorch.Tensor;
import jtorch.Torch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused SGD kernel gives the bits of the unfused formula, written here with tensor ops in
 * PyTorch's order, for both floating dtypes and every combination of weight decay, momentum,
 * dampening, Nesterov and maximize; a non-contiguous gradient (which the kernel declines) takes the
 * unfused path and agrees too.
 */
class FusedSgdTest {
  private static final double LR = 0.3;

  static List<Arguments> options() {
    List<Arguments> all = new ArrayList<>();
    for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
      for (boolean strided : List.of(false, true)) {
        for (double weightDecay : List.of(0.0, 0.01)) {
          for (boolean maximize : List.of(false, true)) {
            all.add(Arguments.of(dtype, weightDecay, 0.0, 0.0, false, maximize, strided));
            all.add(Arguments.of(dtype, weightDecay, 0.9, 0.0, false, maximize, strided));
            all.add(Arguments.of(dtype, weightDecay, 0.9, 0.0, true, maximize, strided));
            all.add(Arguments.of(dtype, weightDecay, 0.85, 0.3, false, maximize, strided));
          }
        }
      }
    }
    return all;
  }

  @ParameterizedTest
  @MethodSource("options")
  void matchesTheUnfusedFormulaBitForBit(
      DType dtype,
      double weightDecay,
      double momentum,
      double dampening,
      boolean nesterov,
      boolean maximize,
      boolean strided) {
    Generator gen = new Generator(11);
    Tensor p = Torch.randn(new long[] {37, 41}, dtype, gen).requiresGrad_();
    Tensor ref = p.detach().clone();
    Tensor buf = null;
    SGD opt = new SGD(List.of(p), LR).momentum(momentum).dampening(dampening);
    opt.nesterov(nesterov).weightDecay(weightDecay).maximize(maximize);
    for (int step = 0; step < 5; step++) {
      Tensor grad = Torch.randn(new long[] {41, 37}, dtype, gen).mul(Math.pow(10, step - 2)).t();
      p.setGrad(strided ? grad : grad.contiguous());
      opt.step();
      Tensor d = maximize ? grad.neg() : grad;
      if (weightDecay != 0) {
        d = d.add(ref.mul(weightDecay));
      }
      if (momentum != 0) {
        buf = buf == null ? d.clone() : buf.mul(momentum).add(d.mul(1 - dampening));
        d = nesterov ? d.add(buf.mul(momentum)) : buf;
      }
      ref.add_(d.mul(-LR));
      assertThat(p.detach().toDoubleArray()).as("step %d", step).isEqualTo(ref.toDoubleArray());
    }
    if (momentum != 0) {
      assertThat(opt.state(p).get("momentum_buffer").toDoubleArray())
          .isEqualTo(buf.toDoubleArray());
    } else {
      assertThat(opt.state(p)).doesNotContainKey("momentum_buffer");
    }
  }
}
