package jtorch;

import jtorch.backend.Backend;
import jtorch.backend.Strided;
import jtorch.backend.UnaryOp;
import jtorch.backend.Window2d;

/**
 * Window and indexing primitives for the layers above: im2col/col2im (each the other's gradient),
 * convolution, max pooling with indices, gather and scatter-add.
 */
final class WindowOps {
  private WindowOps() {}

  private static void check4d(String op, Tensor x) {
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
  private static void requireOutput(Tensor x, Window2d w) {
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

  /**
   * 2-D convolution of [N, C, H, W] by [O, C/groups, kh, kw] plus an optional bias [O]; the caller
   * ({@code F.conv2d}) has checked the shapes. One primitive rather than im2col and a batched
   * product, so that a backend can unfold one sample at a time and the weight gradient is one sum
   * over the batch rather than a product per sample.
   */
  static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, Window2d w, int groups) {
    return conv2d(x, weight, bias, w, groups, false);
  }

  /**
   * {@code relu(conv2d(...))} as one op, whose node saves the output and not the convolution's: the
   * relu costs no pass of its own where the backend fuses it, and the convolution's output is never
   * kept.
   */
  static Tensor conv2dRelu(Tensor x, Tensor weight, Tensor bias, Window2d w, int groups) {
    return conv2d(x, weight, bias, w, groups, true);
  }

  private static Tensor conv2d(
      Tensor x, Tensor weight, Tensor bias, Window2d w, int groups, boolean relu) {
    check4d("conv2d", x);
    if (weight.dim() != 4) {
      throw new IllegalArgumentException(
          "conv2d: weight must be 4-D [out_channels, in_channels/groups, kH, kW], got "
              + weight.shape());
    }
    if (groups < 1
        || weight.size(0) % groups != 0
        || weight.size(1) * groups != x.size(1)
        || weight.size(2) != w.kernelH()
        || weight.size(3) != w.kernelW()
        || (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(0)))) {
      throw new IllegalArgumentException(
          "conv2d: input "
              + x.shape()
              + ", weight "
              + weight.shape()
              + (bias == null ? "" : ", bias " + bias.shape())
              + " and groups "
              + groups
              + " do not fit the window "
              + w);
    }
    Checks.sameDevice("conv2d", x, weight);
    if (bias != null) {
      Checks.sameDevice("conv2d", x, bias);
    }
    if (weight.dtype() != x.dtype() || (bias != null && bias.dtype() != x.dtype())) {
      throw new IllegalArgumentException(
          "conv2d: Input type ("
              + x.dtype()
              + ") and weight type ("
              + weight.dtype()
              + (bias == null ? "" : ") and bias type (" + bias.dtype())
              + ") should be the same. Convert with .to(dtype).");
    }
    requireOutput(x, w);
    long[] s = x.shapeArray();
    long oh = w.outH(s[2]);
    long ow = w.outW(s[3]);
    Tensor out = Torch.empty(new long[] {s[0], weight.size(0), oh, ow}, x.dtype(), x.device());
    Backend be = x.backend();
    Strided ws = weight.contiguous().strided();
    Strided bs = bias == null ? null : bias.strided();
    if (!relu) {
      be.conv2d(x.strided(), ws, bs, w, groups, out.strided());
      return Graph.record(
          "ConvolutionBackward0",
          out,
          new Tensor[] {x, weight, bias},
          new Tensor[] {x, weight},
          Derivatives.conv2d(w, groups, bias != null));
    }
    if (!be.conv2dRelu(x.strided(), ws, bs, w, groups, out.strided())) {
      be.conv2d(x.strided(), ws, bs, w, groups, out.strided());
      be.unary(UnaryOp.RELU, out.strided(), out.strided());
    }
    return Graph.record(
        "ConvolutionReluBackward0",
        out,
        new Tensor[] {x, weight, bias},
        new Tensor[] {x, weight, out},
        Derivatives.conv2dRelu(w, groups, bias != null));
  }

  /**
   * The gradients of {@link #conv2d} for its input, weight and bias, each only when that tensor
   * requires grad (null otherwise); of {@link #conv2dRelu} when {@code result}, its output, is not
   * null.
   */
  static Tensor[] conv2dBackward(
      Tensor grad, Tensor result, Tensor x, Tensor weight, Window2d w, int groups, boolean bias) {
    Tensor g = grad.contiguous();
    Tensor gx = x.requiresGrad() ? Torch.zeros(x.shapeArray(), g.dtype(), g.device()) : null;
    Tensor gw =
        weight.requiresGrad() ? Torch.empty(weight.shapeArray(), g.dtype(), g.device()) : null;
    Tensor gb = bias ? Torch.empty(new long[] {weight.size(0)}, g.dtype(), g.device()) : null;
    Backend be = g.backend();
    Strided ws = weight.contiguous().strided();
    Strided gxs = gx == null ? null : gx.strided();
    Strided gws = gw == null ? null : gw.strided();
    Strided gbs = gb == null ? null : gb.strided();
    if (result == null) {
      be.conv2dBackward(g.strided(), x.strided(), ws, w, groups, gxs, gws, gbs);
    } else if (!be.conv2dReluBackward(
        g.strided(), result.strided(), x.strided(), ws, w, groups, gxs, gws, gbs)) {
      Tensor masked = Elementwise.reluBackward(g, result);
      be.conv2dBackward(masked.strided(), x.strided(), ws, w, groups, gxs, gws, gbs);
    }
    return new Tensor[] {gx, gw, gb};
  }

  static ValuesIndices maxPool2d(Tensor x, Window2d w) {
    check4d("maxPool2d", x);
    long[] s = x.shapeArray();
    long oh = w.outH(s[2]);
    long ow = w.outW(s[3]);
    if (oh <= 0 || ow <= 0) {
      throw new IllegalArgumentException(
          "maxPool2d: input " + x.shape() + " is too small: the output would be " + oh + "x" + ow);
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
    long[] os = {s[0], s[1], oh, ow};
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
