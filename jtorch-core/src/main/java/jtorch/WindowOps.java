package jtorch;

import jtorch.backend.Window2d;

/**
 * Window and indexing primitives for the layers above: im2col/col2im (each the other's gradient),
 * max pooling with indices, gather and scatter-add. Convolutions are in {@link ConvolutionOps}.
 */
final class WindowOps {
  private WindowOps() {}

  static void check4d(String op, Tensor x) {
    if (x.dim() != 4) {
      throw new IllegalArgumentException(
          op
              + ": expected a 4-D input [N, C, H, W], got "
              + x.dim()
              + "-D "
              + x.shape()
              + ". Add a batch dimension with unsqueeze(0) if this is a single image.");
    }
  }

  /** Fails when the window does not fit in the (padded) input even once. */
  static void requireOutput(Tensor x, Window2d w) {
    long[] s = x.shapeArray();
    long oh = w.outH(s[2]);
    long ow = w.outW(s[3]);
    if (oh <= 0 || ow <= 0) {
      throw new IllegalArgumentException(
          "im2col: input "
              + x.shape()
              + " is too small for kernel ("
              + w.kernelH()
              + ", "
              + w.kernelW()
              + ") with padding ("
              + w.padH()
              + ", "
              + w.padW()
              + ") and dilation ("
              + w.dilationH()
              + ", "
              + w.dilationW()
              + "): the output would be "
              + oh
              + "x"
              + ow);
    }
  }

  static Tensor im2col(Tensor x, Window2d w) {
    check4d("im2col", x);
    long[] s = x.shapeArray();
    long oh = w.outH(s[2]);
    long ow = w.outW(s[3]);
    requireOutput(x, w);
    long kk = (long) w.kernelH() * w.kernelW();
    Tensor out = Torch.empty(new long[] {s[0], s[1] * kk, oh * ow}, x.dtype(), x.device());
    x.backend().im2col(x.strided(), w, out.strided());
    long[] inShape = s.clone();
    return Graph.record(
        "Im2ColBackward0",
        out,
        new Tensor[] {x},
        new Tensor[0],
        (g, saved, in) -> new Tensor[] {col2im(g, inShape, w)});
  }

  static Tensor col2im(Tensor cols, long[] outShape, Window2d w) {
    Tensor out = Torch.zeros(outShape, cols.dtype(), cols.device());
    cols.backend().col2im(cols.strided(), w, out.strided());
    return Graph.record(
        "Col2ImBackward0",
        out,
        new Tensor[] {cols},
        new Tensor[0],
        (g, saved, in) -> new Tensor[] {im2col(g, w)});
  }

  static ValuesIndices maxPool2d(Tensor x, Window2d w) {
    check4d("maxPool2d", x);
    long[] os = maxPoolShape(x.shapeArray(), w);
    Tensor out = Torch.empty(os, x.dtype(), x.device());
    Tensor idx = Torch.empty(os, DType.INT64, x.device());
    x.backend().maxPool2d(x.strided(), w, out.strided(), idx.strided());
    Graph.record(
        "MaxPool2DWithIndicesBackward0",
        out,
        new Tensor[] {x},
        new Tensor[] {idx},
        (g, saved, in) -> {
          Tensor gi = Torch.zeros(in[0].toArray(), g.dtype(), g.device());
          g.backend().maxPool2dBackward(g.strided(), saved[0].strided(), gi.strided());
          return new Tensor[] {gi};
        });
    return new ValuesIndices(out, idx);
  }

  /** The output shape of max pooling an input of shape {@code s} over {@code w}; checks both. */
  static long[] maxPoolShape(long[] s, Window2d w) {
    long oh = w.outH(s[2]);
    long ow = w.outW(s[3]);
    if (oh <= 0 || ow <= 0) {
      throw new IllegalArgumentException(
          "maxPool2d: input " + Size.of(s) + " is too small: the output would be " + oh + "x" + ow);
    }
    if (w.padH() * 2 > w.kernelH() || w.padW() * 2 > w.kernelW()) {
      throw new IllegalArgumentException(
          "maxPool2d: pad should be at most half of effective kernel size, but got pad=("
              + w.padH()
              + ", "
              + w.padW()
              + ") and kernel_size=("
              + w.kernelH()
              + ", "
              + w.kernelW()
              + ")");
    }
    return new long[] {s[0], s[1], oh, ow};
  }

  private static void checkIndex(String op, Tensor self, int dim, Tensor index) {
    if (index.dtype() != DType.INT64) {
      throw new IllegalArgumentException(
          op + "(): Expected dtype int64 for index, got " + index.dtype() + "; use index.toLong()");
    }
    if (index.dim() != self.dim()) {
      throw new IllegalArgumentException(
          op
              + "(): Index tensor must have the same number of dimensions as input tensor: "
              + index.shape()
              + " vs "
              + self.shape());
    }
    for (int d = 0; d < self.dim(); d++) {
      if (d != dim && index.shapeArray()[d] > self.shapeArray()[d]) {
        throw new IllegalArgumentException(
            op
                + "(): Size does not match at dimension "
                + d
                + " expected index "
                + index.shape()
                + " to be smaller than self "
                + self.shape()
                + " apart from dimension "
                + dim);
      }
    }
    Checks.sameDevice(op, self, index);
  }

  static Tensor gather(Tensor x, int dim, Tensor index) {
    int d = Checks.dim("gather", dim, x.dim());
    checkIndex("gather", x, d, index);
    Tensor out = Torch.empty(index.shapeArray(), x.dtype(), x.device());
    x.backend().gather(x.strided(), d, index.strided(), out.strided());
    return Graph.record(
        "GatherBackward0",
        out,
        new Tensor[] {x},
        new Tensor[] {index},
        (g, saved, in) -> {
          Tensor z = Torch.zeros(in[0].toArray(), g.dtype(), g.device());
          return new Tensor[] {scatterAdd(z, d, saved[0], g)};
        });
  }

  static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) {
    int d = Checks.dim("scatterAdd", dim, x.dim());
    checkIndex("scatterAdd", x, d, index);
    Tensor out = Conversions.clone(x.detach());
    Tensor s = src.dtype() == x.dtype() ? src : src.to(x.dtype());
    x.backend().scatterAdd(out.strided(), d, index.strided(), s.strided());
    return Graph.record(
        "ScatterAddBackward0",
        out,
        new Tensor[] {x, src},
        new Tensor[] {index},
        (g, saved, in) -> new Tensor[] {g, gather(g, d, saved[0])});
  }
}
