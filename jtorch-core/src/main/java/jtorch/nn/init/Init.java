package jtorch.nn.init;

import jtorch.DType;
import jtorch.Generator;
import jtorch.Tensor;
import jtorch.Torch;

/**
 * In-place initialisers, as {@code torch.nn.init}. Draws come from the default generator in
 * PyTorch's order, so after the same {@code manualSeed} a layer starts with PyTorch's weights.
 *
 * <pre>{@code
 * Torch.manualSeed(0);
 * Init.kaimingUniform_(w, Math.sqrt(5), FanMode.FAN_IN, "leaky_relu");   // nn.Linear's default
 * }</pre>
 */
public final class Init {
  private Init() {}

  /** Which fan a Kaiming initialiser preserves. */
  public enum FanMode {
    FAN_IN,
    FAN_OUT
  }

  /** The recommended gain for a non-linearity, as {@code calculate_gain}. */
  public static double calculateGain(String nonlinearity, double param) {
    return switch (nonlinearity) {
      case "linear", "conv1d", "conv2d", "conv3d", "sigmoid" -> 1;
      case "tanh" -> 5.0 / 3;
      case "relu" -> Math.sqrt(2.0);
      case "leaky_relu" -> Math.sqrt(2.0 / (1 + param * param));
      case "selu" -> 3.0 / 4;
      default ->
          throw new IllegalArgumentException(
              "calculateGain: unsupported nonlinearity " + nonlinearity);
    };
  }

  /** {@code [fan_in, fan_out]} of a weight, as {@code _calculate_fan_in_and_fan_out}. */
  public static long[] fans(Tensor t) {
    if (t.dim() < 2) {
      throw new IllegalArgumentException(
          "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions, got "
              + t.shape());
    }
    long receptive = 1;
    for (int d = 2; d < t.dim(); d++) {
      receptive *= t.size(d);
    }
    return new long[] {t.size(1) * receptive, t.size(0) * receptive};
  }

  /**
   * Fills with U(low, high), drawn as PyTorch's {@code uniform_}: one 24-bit (float) or 53-bit
   * (double) draw {@code u} per element and {@code u * (high - low) + low} in the tensor's
   * precision, fused into one rounding as PyTorch's AVX2 CPU kernel computes it.
   */
  public static Tensor uniform_(Tensor t, double low, double high) {
    Generator g = Torch.defaultGenerator();
    double[] v = new double[Math.toIntExact(t.numel())];
    if (t.dtype() == DType.FLOAT64) {
      for (int i = 0; i < v.length; i++) {
        v[i] = Math.fma(g.nextDouble(), high - low, low);
      }
    } else {
      float from = (float) low;
      float to = (float) high;
      for (int i = 0; i < v.length; i++) {
        v[i] = Math.fma(g.nextFloat(), to - from, from);
      }
    }
    return write(t, v);
  }

  /**
   * Fills with N(mean, std^2), drawn as PyTorch's {@code normal_}: below 16 elements one
   * double-precision Box-Muller sample per element, scaled in double; from 16 on the vectorised
   * fill in the tensor's precision ({@code z * std + mean} fused).
   */
  public static Tensor normal_(Tensor t, double mean, double std) {
    long[] shape = t.shape().toArray();
    double[] v;
    if (t.numel() < 16 || t.dtype() == DType.FLOAT64) {
      v = Torch.randn(shape, DType.FLOAT64).toDoubleArray();
      for (int i = 0; i < v.length; i++) {
        v[i] = Math.fma(v[i], std, mean);
      }
    } else {
      v = Torch.randn(shape, t.dtype()).toDoubleArray();
      for (int i = 0; i < v.length; i++) {
        v[i] = Math.fma((float) v[i], (float) std, (float) mean);
      }
    }
    return write(t, v);
  }

  /** Fills with {@code value}. */
  public static Tensor constant_(Tensor t, double value) {
    try (var guard = Torch.noGrad()) {
      return t.fill_(value);
    }
  }

  /** Fills with zeros. */
  public static Tensor zeros_(Tensor t) {
    return constant_(t, 0);
  }

  /** Fills with ones. */
  public static Tensor ones_(Tensor t) {
    return constant_(t, 1);
  }

  /**
   * Glorot uniform: U(-a, a) with {@code a = sqrt(3) * gain * sqrt(2 / (fan_in + fan_out))}, the
   * bound computed in PyTorch's order (not as {@code sqrt(6 / ...)}, which rounds differently).
   */
  public static Tensor xavierUniform_(Tensor t, double gain) {
    long[] f = fans(t);
    double a = Math.sqrt(3.0) * (gain * Math.sqrt(2.0 / (f[0] + f[1])));
    return uniform_(t, -a, a);
  }

  /** Glorot normal: N(0, std^2) with {@code std = gain * sqrt(2 / (fan_in + fan_out))}. */
  public static Tensor xavierNormal_(Tensor t, double gain) {
    long[] f = fans(t);
    return normal_(t, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])));
  }

  /** He uniform: U(-b, b) with {@code b = gain * sqrt(3 / fan)}. */
  public static Tensor kaimingUniform_(Tensor t, double a, FanMode mode, String nonlinearity) {
    double std = calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode));
    double bound = Math.sqrt(3.0) * std;
    return uniform_(t, -bound, bound);
  }

  /** He normal: N(0, std^2) with {@code std = gain / sqrt(fan)}. */
  public static Tensor kaimingNormal_(Tensor t, double a, FanMode mode, String nonlinearity) {
    return normal_(t, 0, calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode)));
  }

  private static long fan(Tensor t, FanMode mode) {
    long[] f = fans(t);
    return mode == FanMode.FAN_IN ? f[0] : f[1];
  }

  private static Tensor write(Tensor t, double[] v) {
    try (var guard = Torch.noGrad()) {
      return t.copy_(Torch.tensor(v).reshape(t.shape().toArray()));
    }
  }
}
