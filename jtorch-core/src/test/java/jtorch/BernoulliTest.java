package jtorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import jtorch.backend.CounterRandom;
import jtorch.backend.Dispatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code bernoulli_}: its defined counter-based values, statistics, dtypes, views and errors. */
class BernoulliTest {

  @Test
  void valuesAreTheDocumentedFunctionOfSeedAndPosition() {
    Generator g = new Generator(3);
    long seed = new Generator(3).nextUInt64();
    Tensor t = Torch.empty(new long[] {5, 7}).bernoulli_(0.3, g);
    float[] got = t.toFloatArray();
    for (int i = 0; i < got.length; i++) {
      assertThat(got[i]).isEqualTo(CounterRandom.uniform(seed, i) < 0.3f ? 1f : 0f);
    }
  }

  @Test
  void frequenciesMatchPAndDrawsAreIndependentOfTheThreadSplit() {
    // 2^20 elements run on all threads; the first 1000 are recomputed alone on one thread.
    Torch.manualSeed(11);
    Tensor big = Torch.empty(1 << 20).bernoulli_(0.9);
    assertThat(big.mean().item()).isCloseTo(0.9, within(0.002));
    Torch.manualSeed(11);
    Tensor small = Torch.empty(1000).bernoulli_(0.9);
    assertThat(small.toFloatArray()).isEqualTo(big.index(Slice.to(1000)).toFloatArray());
    // consecutive draws differ (the generator advances)
    assertThat(Torch.empty(1000).bernoulli_(0.5).toFloatArray())
        .isNotEqualTo(Torch.empty(1000).bernoulli_(0.5).toFloatArray());
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"FLOAT32", "FLOAT64", "FLOAT16", "INT64", "UINT8", "BOOL"})
  void everyDtypeGetsTheSameZerosAndOnes(DType dtype) {
    Tensor want = Torch.empty(new long[] {64}).bernoulli_(0.5, new Generator(5));
    Tensor got = Torch.empty(new long[] {64}, dtype, Device.CPU).bernoulli_(0.5, new Generator(5));
    assertThat(got.dtype()).isEqualTo(dtype);
    assertThat(got.toDoubleArray()).isEqualTo(want.toDoubleArray());
  }

  @Test
  void aTransposedViewIsFilledInItsOwnRowMajorOrder() {
    Tensor base = Torch.zeros(6, 4);
    base.t().bernoulli_(0.5, new Generator(9));
    Tensor want = Torch.empty(new long[] {4, 6}).bernoulli_(0.5, new Generator(9));
    assertThat(base.t().toFloatArray()).isEqualTo(want.toFloatArray());
  }

  @Test
  void aBackendWithoutItsOwnKernelGetsTheSameDrawsThroughTheHost() {
    Dispatcher.register(new FakeCudaBackend());
    try {
      Tensor onDevice = Torch.empty(new long[] {3, 50}, DType.FLOAT64, Device.cuda(0));
      onDevice.bernoulli_(0.25, new Generator(4));
      Tensor want = Torch.empty(new long[] {3, 50}).bernoulli_(0.25, new Generator(4));
      assertThat(onDevice.cpu().toDoubleArray()).isEqualTo(want.toDoubleArray());
    } finally {
      Dispatcher.unregister(Device.Type.CUDA);
    }
  }

  @Test
  void theEdgesAreExact() {
    assertThat(Torch.empty(1000).bernoulli_(0).sum().item()).isZero();
    assertThat(Torch.empty(1000).bernoulli_(1).sum().item()).isEqualTo(1000);
  }

  @Test
  void badInputGetsPyTorchsErrors() {
    assertThatThrownBy(() -> Torch.empty(3).bernoulli_(1.5))
        .hasMessage("bernoulli_ expects p to be in [0, 1], but got p=1.5");
    assertThatThrownBy(() -> Torch.ones(3).requiresGrad_().bernoulli_(0.5))
        .hasMessageContaining("a leaf Variable that requires grad is being used in an in-place");
  }
}
