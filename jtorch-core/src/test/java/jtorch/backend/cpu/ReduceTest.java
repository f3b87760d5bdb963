package jtorch.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import jtorch.DType;
import jtorch.Generator;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.ValuesIndices;
import org.junit.jupiter.api.Test;

/**
 * The float32 fast path of max/min along a dimension against the generic path (the same values as
 * float64): ties keep the first position, a NaN wins at its first position, along contiguous and
 * strided dimensions.
 */
class ReduceTest {

  @Test
  void float32MaxAndMinAgreeWithTheGenericPath() {
    Tensor x = Torch.randn(new long[] {6, 40}, DType.FLOAT32, new Generator(3));
    x = x.mul(4).to(DType.INT64).to(DType.FLOAT32); // whole numbers: many ties
    x.index(1, 7).fill_(Double.NaN);
    x.index(1, 30).fill_(Double.NaN);
    x.index(4, 0).fill_(Double.NaN);
    Tensor wide = x.to(DType.FLOAT64);
    for (int dim = 0; dim < 2; dim++) {
      for (boolean max : new boolean[] {true, false}) {
        ValuesIndices got = max ? x.max(dim) : x.min(dim);
        ValuesIndices want = max ? wide.max(dim) : wide.min(dim);
        String what = (max ? "max" : "min") + " along " + dim;
        assertThat(got.indices().toLongArray()).as(what).isEqualTo(want.indices().toLongArray());
        assertThat(got.values().toDoubleArray()).as(what).isEqualTo(want.values().toDoubleArray());
      }
    }
    assertThat(x.max(1).indices().toLongArray()[1]).isEqualTo(7);
  }
}
