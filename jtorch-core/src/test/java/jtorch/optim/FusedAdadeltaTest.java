package jtorch.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import jtorch.DType;
import jtorch.Generator;
import jtorch.Tensor;
import jtorch.Torch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused Adadelta kernel gives the bits of the unfused formula, written here with tensor ops in
 * PyTorch's order, for both floating dtypes and every option; a non-contiguous gradient (which the
 * kernel declines) takes the unfused path and agrees too.
 */
class FusedAdadeltaTest {

  @ParameterizedTest
  @CsvSource({
    "FLOAT32, 0.0, false, false",
    "FLOAT32, 0.01, true, false",
    "FLOAT32, 0.0, false, true",
    "FLOAT64, 0.01, true, false",
    "FLOAT64, 0.0, false, true"
  })
  void matchesTheUnfusedFormulaBitForBit(
      DType dtype, double weightDecay, boolean maximize, boolean strided) {
    Generator gen = new Generator(7);
    Tensor p = Torch.randn(new long[] {37, 41}, dtype, gen).requiresGrad_();
    Tensor ref = p.detach().clone();
    Tensor sa = Torch.zerosLike(ref);
    Tensor ad = Torch.zerosLike(ref);
    Adadelta opt = new Adadelta(List.of(p), 0.7).rho(0.85).eps(1e-5);
    opt.weightDecay(weightDecay).maximize(maximize);
    for (int step = 0; step < 5; step++) {
      Tensor grad = Torch.randn(new long[] {41, 37}, dtype, gen).mul(Math.pow(10, step - 2)).t();
      p.setGrad(strided ? grad : grad.contiguous());
      opt.step();
      Tensor gr = maximize ? grad.neg() : grad;
      if (weightDecay != 0) {
        gr = gr.add(ref, weightDecay);
      }
      sa.mul_(0.85).add_(gr.mul(1 - 0.85).mul(gr));
      Tensor delta = ad.add(1e-5).sqrt().div(sa.add(1e-5).sqrt()).mul(gr);
      ad.mul_(0.85).add_(delta.mul(1 - 0.85).mul(delta));
      ref.add_(delta.mul(-0.7));
      assertThat(p.detach().toDoubleArray()).as("step %d", step).isEqualTo(ref.toDoubleArray());
    }
    assertThat(opt.state(p).get("square_avg").toDoubleArray()).isEqualTo(sa.toDoubleArray());
    assertThat(opt.state(p).get("acc_delta").toDoubleArray()).isEqualTo(ad.toDoubleArray());
  }
}
