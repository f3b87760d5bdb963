package jtorch.keras.initializers;

import jtorch.Tensor;

/**
 * Fills a new weight in place, as a {@code keras.initializers.Initializer}. Layers call it from
 * {@code build} under no-grad; shapes follow Keras ({@code Dense} kernel {@code (in, out)}, {@code
 * Conv2D} kernel {@code (kh, kw, in, out)}), and the fans are computed the Keras way (see {@link
 * Initializers#fans}).
 *
 * <pre>{@code
 * Initializer init = Initializers.get("glorot_uniform");
 * init.initialize(Torch.empty(784, 64));
 * }</pre>
 *
 * <p>See <a href="https://keras.io/api/layers/initializers/">Layer weight initializers</a>.
 */
@FunctionalInterface
public interface Initializer {

  /** Fills {@code weight} in place. */
  void initialize(Tensor weight);
}
