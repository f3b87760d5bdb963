package jtorch.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How elementwise operands' dimensions are merged before a launch. */
class LayoutTest {
  @Test
  void contiguousOperandsBecomeOneDimension() {
    Layout l = Layout.of(new long[] {2, 3, 4}, new long[] {12, 4, 1}, new long[] {12, 4, 1});
    assertThat(l.size()).containsExactly(24);
    assertThat(l.strides()[1]).containsExactly(1);
    assertThat(l.numel()).isEqualTo(24);
  }

  @Test
  void broadcastAndTransposedOperandsKeepTheirDimensions() {
    Layout l = Layout.of(new long[] {2, 3, 4}, new long[] {12, 4, 1}, new long[] {0, 4, 1});
    assertThat(l.size()).containsExactly(2, 12);
    assertThat(l.strides()[0]).containsExactly(12, 1);
    assertThat(l.strides()[1]).containsExactly(0, 1);
    Layout t = Layout.of(new long[] {3, 4}, new long[] {4, 1}, new long[] {1, 3});
    assertThat(t.size()).containsExactly(3, 4);
  }

  @Test
  void sizeOneDimensionsAndScalarsDisappear() {
    Layout l = Layout.of(new long[] {1, 5, 1}, new long[] {99, 1, 7});
    assertThat(l.size()).containsExactly(5);
    Layout s = Layout.of(new long[0], new long[0], new long[0]);
    assertThat(s.size()).containsExactly(1);
    assertThat(s.strides()[1]).containsExactly(0);
    assertThat(s.numel()).isEqualTo(1);
    Layout e = Layout.of(new long[] {0, 3}, new long[] {3, 1});
    assertThat(e.numel()).isZero();
  }

  @Test
  void moreThanEightUnmergeableDimensionsFailWithTheFix() {
    long[] shape = new long[9];
    long[] stride = new long[9];
    for (int d = 0; d < 9; d++) {
      shape[d] = 2;
      stride[d] = 1L << (2 * (8 - d)); // gaps everywhere
    }
    assertThatThrownBy(() -> Layout.of(shape, stride))
        .hasMessageContaining("at most 8 dimensions")
        .hasMessageContaining("contiguous()");
  }
}
