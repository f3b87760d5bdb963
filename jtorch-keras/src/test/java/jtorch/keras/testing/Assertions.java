package jtorch.keras.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import jtorch.Tensor;

/** Tensor comparisons for the tests. */
public final class Assertions {
  private Assertions() {}

  /**
   * {@code actual} has {@code expected}'s shape and each value within {@code atol + rtol * |e|}.
   */
  public static void assertClose(
      Tensor actual, Tensor expected, double rtol, double atol, String what) {
    assertThat(actual.shape()).as("shape of %s", what).isEqualTo(expected.shape());
    double[] a = actual.toDoubleArray();
    double[] e = expected.toDoubleArray();
    for (int i = 0; i < a.length; i++) {
      if (!(Math.abs(a[i] - e[i]) <= atol + rtol * Math.abs(e[i]))) {
        fail(
            "%s: element %d is %s, expected %s (rtol %s, atol %s)",
            what, i, a[i], e[i], rtol, atol);
      }
    }
  }

  /** Float32 closeness: rtol 1e-5, atol 1e-6. */
  public static void assertClose(Tensor actual, Tensor expected, String what) {
    assertClose(actual, expected, 1e-5, 1e-6, what);
  }
}
