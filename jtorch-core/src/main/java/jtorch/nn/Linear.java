package jtorch.nn;

import jtorch.Tensor;
import jtorch.Torch;
import jtorch.nn.functional.F;
import jtorch.nn.init.Init;

/**
 * {@code y = x W^T + b}, as {@code torch.nn.Linear}. Weights start as PyTorch's: Kaiming uniform
 * with {@code a = sqrt(5)}, bias U(-1/sqrt(in), 1/sqrt(in)).
 *
 * <pre>{@code
 * Linear fc = new Linear(4608, 64);
 * fc.forward(Torch.randn(32, 4608)).shape();   // [32, 64]
 * System.out.println(fc);   // Linear(in_features=4608, out_features=64, bias=True)
 * }</pre>
 */
public class Linear extends Module {
  private final long inFeatures;
  private final long outFeatures;

  /** The weight [out, in]. */
  public final Parameter weight;

  /** The bias [out], or null. */
  public final Parameter bias;

  /** A layer with a bias. */
  public Linear(long inFeatures, long outFeatures) {
    this(inFeatures, outFeatures, true);
  }

  /** A layer with or without a bias. */
  public Linear(long inFeatures, long outFeatures, boolean bias) {
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    weight = registerParameter("weight", Torch.empty(outFeatures, inFeatures));
    this.bias = registerParameter("bias", bias ? Torch.empty(outFeatures) : null);
    Init.kaimingUniform_(weight, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu");
    if (this.bias != null) {
      double b = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
      Init.uniform_(this.bias, -b, b);
    }
  }

  @Override
  public Tensor forward(Tensor x) {
    if (x.dim() == 0 || x.size(-1) != inFeatures) {
      long got = x.dim() == 0 ? 1 : x.size(-1);
      long rows = x.dim() <= 1 ? 1 : x.numel() / got;
      throw new IllegalArgumentException(
          this
              + ": mat1 and mat2 shapes cannot be multiplied ("
              + rows
              + "x"
              + got
              + " and "
              + inFeatures
              + "x"
              + outFeatures
              + "): the layer expects "
              + inFeatures
              + " input features but got "
              + got
              + " (input shape "
              + x.shape()
              + "). Set in_features to "
              + got
              + " or fix the layer before it.");
    }
    return F.linear(x, weight, bias);
  }

  @Override
  protected String extraRepr() {
    return "in_features="
        + inFeatures
        + ", out_features="
        + outFeatures
        + ", bias="
        + (bias != null ? "True" : "False");
  }
}
