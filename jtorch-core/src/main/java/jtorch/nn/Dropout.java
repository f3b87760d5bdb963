package jtorch.nn;

import jtorch.Tensor;
import jtorch.nn.functional.F;

/**
 * Zeroes elements with probability {@code p} in training mode and scales the rest by {@code
 * 1/(1-p)}; the identity in eval mode. As {@code torch.nn.Dropout}.
 *
 * <pre>{@code
 * System.out.println(new Dropout(0.25));   // Dropout(p=0.25, inplace=False)
 * }</pre>
 */
public class Dropout extends Module {
  private final double p;

  /** Dropout with probability 0.5. */
  public Dropout() {
    this(0.5);
  }

  /** Dropout with probability {@code p}. */
  public Dropout(double p) {
    if (p < 0 || p > 1) {
      throw new IllegalArgumentException(
          "dropout probability has to be between 0 and 1, but got " + p);
    }
    this.p = p;
  }

  @Override
  public Tensor forward(Tensor x) {
    return F.dropout(x, p, isTraining());
  }

  @Override
  protected String extraRepr() {
    return "p=" + PyRepr.of(p) + ", inplace=False";
  }
}
