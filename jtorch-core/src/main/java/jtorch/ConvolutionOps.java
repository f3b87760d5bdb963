package jtorch;

import jtorch.backend.Backend;
import jtorch.backend.Strided;
import jtorch.backend.UnaryOp;
import jtorch.backend.Window2d;

/**
 * The 2-D convolution primitive and its fusions with the relu and the max pooling that usually
 * follow it, which a backend may compute without storing the convolution's output (and composes
 * from the unfused kernels when it cannot).
 */
final class ConvolutionOps {
  private ConvolutionOps() {}

  /**
   * 2-D convolution of [N, C, H, W] by [O, C/groups, kh, kw] plus an optional bias [O]; the caller
   * ({@code F.conv2d}) has checked the shapes. One primitive rather than im2col and a batched
   * product, so that a backend can unfold one sample at a time and the weight gradient is one sum
   * over the batch rather than a product per sample.
   */
  static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, Window2d w, int groups) {
    long[] shape = check(x, weight, bias, w, groups);
    Tensor out = Torch.empty(shape, x.dtype(), x.device());
    Strided bs = bias == null ? null : bias.strided();
    x.backend().conv2d(x.strided(), weight.contiguous().strided(), bs, w, groups, out.strided());
    return Graph.record(
        "ConvolutionBackward0",
        out,
        new Tensor[] {x, weight, bias},
        new Tensor[] {x, weight},
        Derivatives.conv2d(w, groups, bias != null));
  }

  /**
   * {@code relu(conv2d(...))} as one op, whose node saves the output and not the convolution's: the
   * relu costs no pass of its own where the backend fuses it, and the convolution's output is never
   * kept.
   */
  static Tensor conv2dRelu(Tensor x, Tensor weight, Tensor bias, Window2d w, int groups) {
    long[] shape = check(x, weight, bias, w, groups);
    Tensor out = Torch.empty(shape, x.dtype(), x.device());
    reluInto(x, weight, bias, w, groups, out);
    return Graph.record(
        "ConvolutionReluBackward0",
        out,
        new Tensor[] {x, weight, bias},
        new Tensor[] {x, weight, out},
        Derivatives.conv2dRelu(w, groups, bias != null));
  }

  /**
   * {@code maxPool2d(relu(conv2d(...)), pool)} as one op, whose node saves the pooled output and
   * indices only: where the backend fuses it, the convolution's output is pooled while in cache and
   * never stored.
   */
  static Tensor conv2dReluMaxPool(
      Tensor x, Tensor weight, Tensor bias, Window2d w, int groups, Window2d pool) {
    long[] shape = check(x, weight, bias, w, groups);
    long[] pooled = WindowOps.maxPoolShape(shape, pool);
    Tensor out = Torch.empty(pooled, x.dtype(), x.device());
    // the indices only for the backward: none under no-grad (inference)
    boolean backward = Graph.needed(x, weight, bias);
    Tensor idx = backward ? Torch.empty(pooled, DType.INT64, x.device()) : null;
    Backend be = x.backend();
    Strided ws = weight.contiguous().strided();
    Strided bs = bias == null ? null : bias.strided();
    Strided is = idx == null ? null : idx.strided();
    if (!be.conv2dReluMaxPool(x.strided(), ws, bs, w, groups, pool, out.strided(), is)) {
      Tensor y = Torch.empty(shape, x.dtype(), x.device());
      reluInto(x, weight, bias, w, groups, y);
      Tensor ix = idx != null ? idx : Torch.empty(pooled, DType.INT64, x.device());
      be.maxPool2d(y.strided(), pool, out.strided(), ix.strided());
    }
    if (!backward) {
      return out;
    }
    return Graph.record(
        "ConvolutionReluMaxPoolBackward0",
        out,
        new Tensor[] {x, weight, bias},
        new Tensor[] {x, weight, out, idx},
        Derivatives.conv2dReluMaxPool(w, groups, pool, bias != null, shape));
  }

  /** {@code out = relu(conv2d(...))}, fused where the backend can. */
  private static void reluInto(
      Tensor x, Tensor weight, Tensor bias, Window2d w, int groups, Tensor out) {
    Backend be = x.backend();
    Strided ws = weight.contiguous().strided();
    Strided bs = bias == null ? null : bias.strided();
    if (!be.conv2dRelu(x.strided(), ws, bs, w, groups, out.strided())) {
      be.conv2d(x.strided(), ws, bs, w, groups, out.strided());
      be.unary(UnaryOp.RELU, out.strided(), out.strided());
    }
  }

  /** Checks the operands; returns the output's shape. */
  private static long[] check(Tensor x, Tensor weight, Tensor bias, Window2d w, int groups) {
    WindowOps.check4d("conv2d", x);
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
    WindowOps.requireOutput(x, w);
    long[] s = x.shapeArray();
    return new long[] {s[0], weight.size(0), w.outH(s[2]), w.outW(s[3])};
  }

  /** A backend call computing a convolution's gradients into these views (null: not needed). */
  @FunctionalInterface
  private interface BackwardCall {
    void run(Backend be, Strided weight, Strided gradInput, Strided gradWeight, Strided gradBias);
  }

  /**
   * The gradients of the input, weight and bias from {@code call}, each allocated only when that
   * tensor requires grad (null otherwise).
   */
  private static Tensor[] gradients(
      Tensor g, Tensor x, Tensor weight, boolean bias, BackwardCall call) {
    Tensor gx = x.requiresGrad() ? Torch.zeros(x.shapeArray(), g.dtype(), g.device()) : null;
    Tensor gw =
        weight.requiresGrad() ? Torch.empty(weight.shapeArray(), g.dtype(), g.device()) : null;
    Tensor gb = bias ? Torch.empty(new long[] {weight.size(0)}, g.dtype(), g.device()) : null;
    call.run(
        g.backend(),
        weight.contiguous().strided(),
        gx == null ? null : gx.strided(),
        gw == null ? null : gw.strided(),
        gb == null ? null : gb.strided());
    return new Tensor[] {gx, gw, gb};
  }

  /**
   * The gradients of {@link #conv2d} for its input, weight and bias; of {@link #conv2dRelu} when
   * {@code result}, its output, is not null.
   */
  static Tensor[] backward(
      Tensor grad, Tensor result, Tensor x, Tensor weight, Window2d w, int groups, boolean bias) {
    Tensor g = grad.contiguous();
    return gradients(
        g,
        x,
        weight,
        bias,
        (be, ws, gx, gw, gb) -> {
          if (result == null) {
            be.conv2dBackward(g.strided(), x.strided(), ws, w, groups, gx, gw, gb);
          } else if (!be.conv2dReluBackward(
              g.strided(), result.strided(), x.strided(), ws, w, groups, gx, gw, gb)) {
            Tensor masked = Elementwise.reluBackward(g, result);
            be.conv2dBackward(masked.strided(), x.strided(), ws, w, groups, gx, gw, gb);
          }
        });
  }

  /**
   * The gradients of {@link #conv2dReluMaxPool} from that of its output {@code out}: unfused, the
   * gradient where the pooled maximum is positive (the relu's gradient, taken at the only position
   * that receives one), unpooled into the convolution's {@code shape}, then the convolution's.
   */
  static Tensor[] pooledBackward(
      Tensor grad,
      Tensor out,
      Tensor idx,
      Tensor x,
      Tensor weight,
      Window2d w,
      int groups,
      Window2d pool,
      boolean bias,
      long[] shape) {
    Tensor g = grad.contiguous();
    return gradients(
        g,
        x,
        weight,
        bias,
        (be, ws, gx, gw, gb) -> {
          if (!be.conv2dReluMaxPoolBackward(
              g.strided(),
              out.strided(),
              idx.strided(),
              x.strided(),
              ws,
              w,
              groups,
              pool,
              gx,
              gw,
              gb)) {
            Tensor masked = Elementwise.reluBackward(g, out);
            Tensor unpooled = Torch.zeros(shape, g.dtype(), g.device());
            be.maxPool2dBackward(masked.strided(), idx.strided(), unpooled.strided());
            be.conv2dBackward(unpooled.strided(), x.strided(), ws, w, groups, gx, gw, gb);
          }
        });
  }
}
