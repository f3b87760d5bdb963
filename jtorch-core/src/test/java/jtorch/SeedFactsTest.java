package jtorch;

import static jtorch.Torch.tensor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The tensor facts of seed.md section 1, as a PyTorch user checks them. */
class SeedFactsTest {

  @Test
  void oneDimensionalFloatTensor() {
    Tensor points = tensor(new float[] {1.0f, 2.0f, 3.0f, 4.0f, 5.0f});
    assertThat(points.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(points.get(0).item()).isEqualTo(1.0);
    assertThat(points.get(0).dim()).isZero();
    assertThat(points.shape()).isEqualTo(Size.of(5));
    assertThat(points.shape().toString()).isEqualTo("[5]");
  }

  @Test
  void twoDimensionalStorageOffsetsAndStrides() {
    Tensor p = tensor(new float[][] {{1, 2}, {3, 4}, {5, 6}});
    assertThat(p.shape()).isEqualTo(Size.of(3, 2));
    assertThat(p.shape().numel()).isEqualTo(6);
    assertThat(p.untypedStorage().nbytes()).isEqualTo(24);
    assertThat(p.storageOffset()).isZero();
    assertThat(p.get(1).storageOffset()).isEqualTo(2);
    assertThat(p.get(1).toFloatArray()).containsExactly(3, 4);
    assertThat(p.stride()).containsExactly(2, 1);
    Tensor t = p.t();
    assertThat(t.stride()).containsExactly(1, 2);
    assertThat(t.untypedStorage()).isSameAs(p.untypedStorage());
    assertThat(t.isContiguous()).isFalse();
  }

  @Test
  void everyDtypeExistsWithItsAliases() {
    assertThat(DType.values())
        .containsExactly(
            DType.FLOAT32,
            DType.FLOAT64,
            DType.FLOAT16,
            DType.BFLOAT16,
            DType.INT8,
            DType.UINT8,
            DType.INT16,
            DType.INT32,
            DType.INT64,
            DType.BOOL);
    assertThat(DType.FLOAT).isSameAs(DType.FLOAT32);
    assertThat(DType.DOUBLE).isSameAs(DType.FLOAT64);
    assertThat(DType.HALF).isSameAs(DType.FLOAT16);
    assertThat(DType.SHORT).isSameAs(DType.INT16);
    assertThat(DType.INT).isSameAs(DType.INT32);
    assertThat(DType.LONG).isSameAs(DType.INT64);
    assertThat(DType.HALF.toString()).isEqualTo("torch.float16");
  }

  @Test
  void halfTensorsStoreIeeeHalf() {
    Tensor h = tensor(new float[][] {{1, 2}, {3, 4}}, DType.FLOAT16);
    assertThat(h.untypedStorage().nbytes()).isEqualTo(8);
    // 0.1 is not representable: stored as the nearest half, 0.0999755859375.
    assertThat(tensor(new float[] {0.1f}, DType.HALF).item()).isEqualTo(0.0999755859375);
    // 2049 rounds to even (2048) in half precision.
    assertThat(tensor(new float[] {2049f}, DType.HALF).item()).isEqualTo(2048.0);
  }

  @Test
  void devicesParseAndCudaFailsClearlyWithoutABackend() {
    assertThat(Device.of("cpu")).isEqualTo(Device.CPU);
    assertThat(Device.of("cuda")).isEqualTo(Device.cuda(0));
    assertThat(Device.of("cuda:0").toString()).isEqualTo("cuda:0");
    assertThat(Device.of("cuda:1").index()).isEqualTo(1);
    assertThat(tensor(new float[] {1}).device()).isEqualTo(Device.CPU);
    assertThatThrownBy(() -> Device.of("gpu")).hasMessageContaining("Invalid device string: 'gpu'");
    Tensor x = tensor(new float[] {1, 2});
    assertThatThrownBy(() -> x.to("cuda:0"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("cuda:0 is not available")
        .hasMessageContaining("jtorch-cuda");
    assertThat(x.to(Device.CPU)).isSameAs(x);
  }
}
