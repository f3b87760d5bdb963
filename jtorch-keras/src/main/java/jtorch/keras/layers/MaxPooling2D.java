package jtorch.keras.layers;

import jtorch.Tensor;
import jtorch.Torch;
import jtorch.backend.Window2d;
import jtorch.keras.TensorShape;

/**
 * Max pooling over channels-last images {@code (batch, height, width, channels)}, as {@code
 * keras.layers.MaxPooling2D}: strides default to the pool size, padding to {@code "valid"} ({@code
 * "same"} is TensorFlow's, padding with -infinity, the odd pixel at the bottom/right).
 *
 * <pre>{@code
 * new MaxPooling2D(2).computeOutputShape(TensorShape.of(-1, 24, 24, 32));   // TensorShape([None, 12, 12, 32])
 * new MaxPooling2D(2).padding("same").forward(Torch.zeros(1, 5, 5, 1)).shape();   // [1, 3, 3, 1]
 * }</pre>
 *
 * <p>See <a href="https://keras.io/api/layers/pooling_layers/max_pooling2d/">MaxPooling2D
 * layer</a>.
 */
public class MaxPooling2D extends Layer {
  private final int[] poolSize;
  private int[] strides;
  private String padding = "valid";

  /** A square {@code poolSize} window with stride {@code poolSize}. */
  public MaxPooling2D(int poolSize) {
    this(poolSize, poolSize);
  }

  /** A {@code (poolH, poolW)} window with the same strides. */
  public MaxPooling2D(int poolH, int poolW) {
    this.poolSize = Padding.pair("pool_size", poolH, poolW);
    this.strides = poolSize.clone();
  }

  /** Same stride on both axes (default: the pool size); returns this. */
  public MaxPooling2D strides(int stride) {
    return strides(stride, stride);
  }

  /** Strides {@code (height, width)}; returns this. */
  public MaxPooling2D strides(int strideH, int strideW) {
    this.strides = Padding.pair("strides", strideH, strideW);
    return this;
  }

  /** {@code "valid"} (default) or {@code "same"}; returns this. */
  public MaxPooling2D padding(String padding) {
    this.padding = Padding.check(padding);
    return this;
  }

  @Override
  public TensorShape computeOutputShape(TensorShape in) {
    boolean same = padding.equals("same");
    return TensorShape.of(
        in.get(0),
        Padding.outSize(in.get(1), poolSize[0], strides[0], 1, same),
        Padding.outSize(in.get(2), poolSize[1], strides[1], 1, same),
        in.get(3));
  }

  @Override
  protected int minRank() {
    return 4;
  }

  @Override
  public Tensor call(Tensor x) {
    if (x.dim() != 4) {
      throw incompatible(
          "expected ndim=4, found ndim="
              + x.dim()
              + ". Full shape received: "
              + TensorShape.of(x).toTupleString());
    }
    Tensor nchw = x.permute(0, 3, 1, 2);
    int[] pad = {0, 0};
    if (padding.equals("same")) {
      int[] h = Padding.same(x.size(1), poolSize[0], strides[0], 1);
      int[] w = Padding.same(x.size(2), poolSize[1], strides[1], 1);
      nchw = Padding.padBottomRight(nchw, h[1] - h[0], w[1] - w[0], Double.NEGATIVE_INFINITY);
      pad = new int[] {h[0], w[0]};
    }
    Window2d window =
        new Window2d(poolSize[0], poolSize[1], strides[0], strides[1], pad[0], pad[1], 1, 1);
    return Torch.maxPool2dWithIndices(nchw, window).values().permute(0, 2, 3, 1);
  }

  @Override
  protected String extraRepr() {
    return "pool_size=("
        + poolSize[0]
        + ", "
        + poolSize[1]
        + "), strides=("
        + strides[0]
        + ", "
        + strides[1]
        + "), padding="
        + padding;
  }
}
