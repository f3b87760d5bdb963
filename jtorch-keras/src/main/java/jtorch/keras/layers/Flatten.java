package jtorch.keras.layers;

import jtorch.Tensor;
import jtorch.keras.TensorShape;

/**
 * Flattens each example to one axis, as {@code keras.layers.Flatten}: {@code (batch, h, w, c)}
 * becomes {@code (batch, h * w * c)} in row-major channels-last order, so the {@code Dense} kernel
 * after it has Keras's row order (a PyTorch model flattens NCHW, a different order).
 *
 * <pre>{@code
 * new Flatten().computeOutputShape(TensorShape.of(-1, 12, 12, 32));   // TensorShape([None, 4608])
 * }</pre>
 *
 * <p>See <a href="https://keras.io/api/layers/reshaping_layers/flatten/">Flatten layer</a>.
 */
public class Flatten extends Layer {

  /** A flatten layer. */
  public Flatten() {}

  /** With the shape of one input example, as {@code Flatten(input_shape=(28, 28))}. */
  public Flatten(TensorShape inputShape) {
    inputShape(inputShape);
  }

  @Override
  public TensorShape computeOutputShape(TensorShape in) {
    long n = 1;
    for (int i = 1; i < in.rank(); i++) {
      if (in.get(i) == TensorShape.UNKNOWN) {
        return TensorShape.of(in.get(0), TensorShape.UNKNOWN);
      }
      n *= in.get(i);
    }
    return TensorShape.of(in.get(0), n);
  }

  @Override
  protected int minRank() {
    return 1;
  }

  @Override
  public Tensor call(Tensor x) {
    if (x.dim() == 0) {
      throw incompatible("expected min_ndim=1, found ndim=0. Full shape received: ()");
    }
    return x.dim() == 1 ? x.unsqueeze(1) : x.reshape(x.size(0), -1);
  }
}
