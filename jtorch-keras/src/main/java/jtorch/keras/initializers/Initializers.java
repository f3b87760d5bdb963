package jtorch.keras.initializers;

import jtorch.Tensor;
import jtorch.nn.init.Init;

/**
 * Keras's initializers by name: {@code glorot_uniform} (Keras's default for kernels), {@code
 * he_uniform}, {@code lecun_uniform}, {@code zeros} (the default for biases), {@code ones}. Random
 * draws come from jtorch's default generator, so {@code Keras.setRandomSeed} makes them repeatable.
 *
 * <pre>{@code
 * Initializers.get("glorot_uniform").initialize(kernel);   // U(-l, l), l = sqrt(6 / (fan_in + fan_out))
 * Initializers.fans(new long[] {3, 3, 16, 32});             // [144, 288]
 * }</pre>
 *
 * <p>See <a href="https://keras.io/api/layers/initializers/">Layer weight initializers</a>.
 */
public final class Initializers {
  private Initializers() {}

  /** The initializer named {@code name}. */
  public static Initializer get(String name) {
    return switch (name) {
      case "glorot_uniform" -> t -> varianceScalingUniform(t, 1.0, Fan.AVG);
      case "he_uniform" -> t -> varianceScalingUniform(t, 2.0, Fan.IN);
      case "lecun_uniform" -> t -> varianceScalingUniform(t, 1.0, Fan.IN);
      case "zeros" -> t -> Init.zeros_(t);
      case "ones" -> t -> Init.ones_(t);
      default ->
          throw new IllegalArgumentException(
              "Unknown initializer: '"
                  + name
                  + "'. Supported: glorot_uniform, he_uniform, lecun_uniform, zeros, ones");
    };
  }

  private enum Fan {
    IN,
    AVG
  }

  /**
   * Keras's {@code VarianceScaling(scale, mode, distribution="uniform")}: U(-l, l), l = sqrt(3
   * scale / n).
   */
  private static void varianceScalingUniform(Tensor t, double scale, Fan mode) {
    long[] f = fans(t.shape().toArray());
    double n = mode == Fan.IN ? f[0] : (f[0] + f[1]) / 2.0;
    double limit = Math.sqrt(3.0 * scale / Math.max(1.0, n));
    Init.uniform_(t, -limit, limit);
  }

  /**
   * {@code [fan_in, fan_out]} the Keras way ({@code compute_fans}): the last axis is the output,
   * the one before it the input, and any leading axes (a convolution's kernel window) multiply
   * both. For a 1-D shape both are its size.
   */
  public static long[] fans(long[] shape) {
    if (shape.length == 0) {
      return new long[] {1, 1};
    }
    if (shape.length == 1) {
      return new long[] {shape[0], shape[0]};
    }
    long receptive = 1;
    for (int i = 0; i < shape.length - 2; i++) {
      receptive *= shape[i];
    }
    return new long[] {shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive};
  }
}
