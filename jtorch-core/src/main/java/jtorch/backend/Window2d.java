package jtorch.backend;

/**
 * The sliding window of a 2-D convolution or pooling: kernel size, stride, padding and dilation,
 * per axis (height, width).
 */
public record Window2d(
    int kernelH,
    int kernelW,
    int strideH,
    int strideW,
    int padH,
    int padW,
    int dilationH,
    int dilationW) {

  /**
   * Output height for an input of height {@code h}, as PyTorch computes it (floor mode: rounded
   * down, also below zero, so that a window larger than the input gives no output).
   */
  public long outH(long h) {
    return Math.floorDiv(h + 2L * padH - (long) dilationH * (kernelH - 1) - 1, strideH) + 1;
  }

  /** Output width for an input of width {@code w}. */
  public long outW(long w) {
    return Math.floorDiv(w + 2L * padW - (long) dilationW * (kernelW - 1) - 1, strideW) + 1;
  }
}
