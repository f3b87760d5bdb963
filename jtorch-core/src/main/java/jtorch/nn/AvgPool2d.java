package jtorch.nn;

import jtorch.Tensor;
import jtorch.nn.functional.F;

/**
 * Average pooling over [N, C, H, W], as {@code torch.nn.AvgPool2d}; the stride defaults to the
 * kernel size and padded zeros count in the average.
 *
 * <pre>{@code
 * new AvgPool2d(2).forward(Torch.ones(1, 1, 4, 4));   // all ones, [1, 1, 2, 2]
 * }</pre>
 */
public class AvgPool2d extends Module {
  private final int kernelSize;
  private int stride;
  private int padding;

  /** Kernel and stride {@code kernelSize}. */
  public AvgPool2d(int kernelSize) {
    this.kernelSize = kernelSize;
    this.stride = kernelSize;
  }

  /** Sets the stride (default: the kernel size). */
  public AvgPool2d stride(int s) {
    stride = s;
    return this;
  }

  /** Sets the padding (default 0). */
  public AvgPool2d padding(int p) {
    padding = p;
    return this;
  }

  @Override
  public Tensor forward(Tensor x) {
    return F.avgPool2d(x, kernelSize, stride, padding);
  }

  @Override
  protected String extraRepr() {
    return "kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding;
  }
}
