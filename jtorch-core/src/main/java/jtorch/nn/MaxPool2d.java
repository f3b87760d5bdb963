package jtorch.nn;

import jtorch.Tensor;
import jtorch.backend.Window2d;
import jtorch.nn.functional.F;

/**
 * Max pooling over [N, C, H, W], as {@code torch.nn.MaxPool2d}; the stride defaults to the kernel
 * size.
 *
 * <pre>{@code
 * new MaxPool2d(2).forward(Torch.randn(32, 32, 24, 24)).shape();   // [32, 32, 12, 12]
 * }</pre>
 */
public class MaxPool2d extends Module {
  private final int kernelSize;
  private int stride;
  private int padding;
  private int dilation = 1;

  /** Kernel and stride {@code kernelSize}. */
  public MaxPool2d(int kernelSize) {
    this.kernelSize = kernelSize;
    this.stride = kernelSize;
  }

  /** Sets the stride (default: the kernel size). */
  public MaxPool2d stride(int s) {
    stride = s;
    return this;
  }

  /** Sets the padding (default 0). */
  public MaxPool2d padding(int p) {
    padding = p;
    return this;
  }

  /** Sets the dilation (default 1). */
  public MaxPool2d dilation(int d) {
    dilation = d;
    return this;
  }

  /** The pooling window. */
  Window2d window() {
    return new Window2d(
        kernelSize, kernelSize, stride, stride, padding, padding, dilation, dilation);
  }

  @Override
  public Tensor forward(Tensor x) {
    return F.maxPool2d(x, kernelSize, stride, padding, dilation);
  }

  @Override
  protected String extraRepr() {
    return "kernel_size="
        + kernelSize
        + ", stride="
        + stride
        + ", padding="
        + padding
        + ", dilation="
        + dilation
        + ", ceil_mode=False";
  }
}
