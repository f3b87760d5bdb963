package jtorch.backend.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import jtorch.DType;
import jtorch.Generator;
import jtorch.Tensor;
import jtorch.Torch;
import org.junit.jupiter.api.Test;

/** The tiled float copy that transposes, against element-by-element reads of the source. */
class TransposeCopyTest {
  @Test
  void transposedCopiesMatchTheSource() {
    Generator gen = new Generator(6);
    for (long[] shape : new long[][] {{1, 5}, {7, 3}, {33, 65}, {100, 31}, {64, 4608}}) {
      Tensor a = Torch.randn(shape, DType.FLOAT32, gen);
      Tensor t = a.t().contiguous();
      float[] src = a.toFloatArray();
      float[] got = t.toFloatArray();
      for (int r = 0; r < shape[1]; r++) {
        for (int c = 0; c < shape[0]; c++) {
          assertThat(got[(int) (r * shape[0] + c)]).isEqualTo(src[(int) (c * shape[1] + r)]);
        }
      }
    }
  }

  @Test
  void aTransposedViewAtAnOffsetCopiesIntoAView() {
    Tensor a = Torch.arange(6 * 9).to(DType.FLOAT32).reshape(6, 9);
    Tensor dst = Torch.zeros(10, 8);
    dst.narrow(0, 1, 9).narrow(1, 2, 5).copy_(a.narrow(0, 1, 5).t());
    float[] got = dst.toFloatArray();
    for (int r = 0; r < 10; r++) {
      for (int c = 0; c < 8; c++) {
        float want = r >= 1 && c >= 2 && c < 7 ? (c - 2 + 1) * 9 + (r - 1) : 0;
        assertThat(got[r * 8 + c]).as("(%d, %d)", r, c).isEqualTo(want);
      }
    }
  }
}
