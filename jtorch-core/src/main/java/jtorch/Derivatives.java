package jtorch;

import java.util.function.UnaryOperator;
import jtorch.backend.BinaryOp;
import jtorch.backend.UnaryOp;
import jtorch.backend.Window2d;

/**
 * Every backward rule of the primitive ops, in one place, as ATen's {@code derivatives.yaml}. Rules
 * are written with differentiable tensor ops and run with grad mode off. Ops built from these
 * primitives (softmax, log-softmax, losses, matmul over 1-D or batched operands) need no rule.
 */
final class Derivatives {
  private Derivatives() {}

  /**
   * Sums {@code g} down to {@code shape}, undoing broadcasting; null when {@code shape} is (an
   * input that needs no gradient).
   */
  static Tensor sumTo(Tensor g, Size shape) {
    if (shape == null) {
      return null;
    }
    long[] target = shape.toArray();
    long[] gs = g.shapeArray();
    if (java.util.Arrays.equals(gs, target)) {
      return g;
    }
    int lead = gs.length - target.length;
    int[] dims = new int[gs.length];
    int n = 0;
    for (int i = 0; i < gs.length; i++) {
      if (i < lead || (target[i - lead] == 1 && gs[i] != 1)) {
        dims[n++] = i;
      }
    }
    Tensor r = g.sum(java.util.Arrays.copyOf(dims, n), true);
    return r.reshape(target);
  }

  static Graph.Rule identity() {
    return (g, s, in) -> new Tensor[] {g};
  }

  static Graph.Rule reshapeTo(long[] shape) {
    return (g, s, in) -> new Tensor[] {g.reshape(shape)};
  }

  /** For views that pick part of the input: scatter the gradient into zeros of the input shape. */
  static Graph.Rule viewOf(UnaryOperator<Tensor> view) {
    return (g, s, in) -> {
      Tensor z = Torch.zeros(in[0].toArray(), g.dtype()).to(g.device());
      view.apply(z).copy_(g);
      return new Tensor[] {z};
    };
  }

  static Graph.Rule binary(BinaryOp op) {
    return switch (op) {
      case ADD -> (g, s, in) -> new Tensor[] {sumTo(g, in[0]), sumTo(g, in[1])};
      case SUB -> (g, s, in) -> new Tensor[] {sumTo(g, in[0]), sumTo(g.neg(), in[1])};
      case MUL ->
          (g, s, in) ->
              new Tensor[] {
                in[0] == null ? null : sumTo(g.mul(s[1]), in[0]),
                in[1] == null ? null : sumTo(g.mul(s[0]), in[1])
              };
      case DIV ->
          (g, s, in) ->
              new Tensor[] {
                in[0] == null ? null : sumTo(g.div(s[1]), in[0]),
                in[1] == null ? null : sumTo(g.neg().mul(s[0]).div(s[1].mul(s[1])), in[1])
              };
      case POW ->
          (g, s, in) -> {
            Tensor a = s[0];
            Tensor b = s[1];
            Tensor ga = null;
            Tensor gb = null;
            if (in[0] != null) {
              ga = g.mul(b).mul(a.pow(b.sub(1L)));
              ga = Torch.where(b.eq(0.0), Torch.zerosLike(ga), ga); // d/da a^0 = 0, also at a = 0
            }
            if (in[1] != null) {
              gb = g.mul(a.pow(b).mul(a.log()));
              gb = Torch.where(a.eq(0.0).logicalAnd(b.ge(0.0)), Torch.zerosLike(gb), gb);
            }
            return new Tensor[] {sumTo(ga, in[0]), sumTo(gb, in[1])};
          };
      case MAXIMUM, MINIMUM ->
          (g, s, in) -> {
            Tensor a = s[0];
            Tensor b = s[1];
            Tensor half = g.mul(0.5);
            Tensor zero = Torch.zerosLike(g);
            Tensor aWins = op == BinaryOp.MAXIMUM ? a.gt(b) : a.lt(b);
            Tensor bWins = op == BinaryOp.MAXIMUM ? a.lt(b) : a.gt(b);
            Tensor ga =
                in[0] == null ? null : Torch.where(aWins, g, Torch.where(a.eq(b), half, zero));
            Tensor gb =
                in[1] == null ? null : Torch.where(bWins, g, Torch.where(a.eq(b), half, zero));
            return new Tensor[] {sumTo(ga, in[0]), sumTo(gb, in[1])};
          };
      default -> throw new IllegalArgumentException(op + " is not differentiable");
    };
  }

  /** Saved: {@code [input, output]}. */
  static Graph.Rule unary(UnaryOp op) {
    return switch (op) {
      case NEG -> (g, s, in) -> new Tensor[] {g.neg()};
      case ABS -> (g, s, in) -> new Tensor[] {g.mul(s[0].sign())};
      case EXP -> (g, s, in) -> new Tensor[] {g.mul(s[1])};
      case LOG -> (g, s, in) -> new Tensor[] {g.div(s[0])};
      case SQRT -> (g, s, in) -> new Tensor[] {g.div(s[1].mul(2.0))};
      case RELU -> (g, s, in) -> new Tensor[] {Elementwise.reluBackward(g, s[1])};
      case SIGMOID -> (g, s, in) -> new Tensor[] {g.mul(s[1]).mul(s[1].neg().add(1.0))};
      case TANH -> (g, s, in) -> new Tensor[] {g.mul(s[1].mul(s[1]).neg().add(1.0))};
      case SIGN -> (g, s, in) -> new Tensor[] {Torch.zerosLike(g)};
      default -> throw new IllegalArgumentException(op + " is not differentiable");
    };
  }

  /** Saved: {@code [cond]}. */
  static Graph.Rule where() {
    return (g, s, in) -> {
      Tensor zero = Torch.zerosLike(g);
      return new Tensor[] {
        null,
        in[1] == null ? null : sumTo(Torch.where(s[0], g, zero), in[1]),
        in[2] == null ? null : sumTo(Torch.where(s[0], zero, g), in[2])
      };
    };
  }

  /** Saved: {@code [input]}; gradient passes where {@code min <= x <= max}. */
  static Graph.Rule clamp(double min, double max) {
    return (g, s, in) -> {
      Tensor x = s[0];
      Tensor mask = Torch.onesLike(x).to(DType.BOOL);
      if (!Double.isNaN(min)) {
        mask = mask.logicalAnd(x.ge(min));
      }
      if (!Double.isNaN(max)) {
        mask = mask.logicalAnd(x.le(max));
      }
      return new Tensor[] {Torch.where(mask, g, Torch.zerosLike(g))};
    };
  }

  /** Sum over {@code dims} (sorted, non-negative) of an input of shape {@code in[0]}. */
  static Graph.Rule sum(int[] dims, boolean keepdim) {
    return (g, s, in) -> {
      Tensor r = g;
      if (!keepdim) {
        for (int d : dims) {
          r = r.unsqueeze(d);
        }
      }
      return new Tensor[] {r.expand(in[0].toArray())};
    };
  }

  /** Saved: {@code [indices (keepdim)]}; the gradient goes to the selected position. */
  static Graph.Rule select(int dim, boolean keepdim) {
    return (g, s, in) -> {
      Tensor idx = s[0];
      Tensor gk = keepdim ? g : g.unsqueeze(dim);
      long size = in[0].get(dim);
      long[] shape = new long[in[0].size()];
      java.util.Arrays.fill(shape, 1);
      shape[dim] = size;
      Tensor positions = Torch.arange(size).to(g.device()).reshape(shape);
      Tensor hit = positions.eq(idx);
      return new Tensor[] {Torch.where(hit, gk, Torch.zerosLike(gk)).expand(in[0].toArray())};
    };
  }

  /** Saved: {@code [input, result]}; ties share the gradient evenly, as PyTorch's max(). */
  static Graph.Rule evenlyDistribute() {
    return (g, s, in) -> {
      Tensor mask = s[0].eq(s[1]);
      Tensor count = mask.sum();
      Tensor share = g.div(count);
      return new Tensor[] {
        Torch.where(mask, share.expand(in[0].toArray()), Torch.zeros(in[0].toArray(), g.dtype()))
      };
    };
  }

  /**
   * Saved: {@code [a, b]} of a 3-D batched product. An operand stored column by column (such as
   * {@code w.t()} in {@code F.linear}) gets its gradient computed transposed, as ATen's {@code
   * mm_mat2_backward} does, so that it comes out in the operand's layout: {@code w.grad} is then
   * row-major and accumulating it is a plain copy rather than a transposing one. Each element is
   * the same sum of the same products either way.
   */
  static Graph.Rule bmm() {
    return (g, s, in) -> {
      Tensor ga = null;
      Tensor gb = null;
      if (in[0] != null) {
        ga =
            columnMajor(s[0])
                ? s[1].bmm(g.transpose(1, 2)).transpose(1, 2)
                : g.bmm(s[1].transpose(1, 2));
      }
      if (in[1] != null) {
        gb =
            columnMajor(s[1])
                ? g.transpose(1, 2).bmm(s[0]).transpose(1, 2)
                : s[0].transpose(1, 2).bmm(g);
      }
      return new Tensor[] {ga, gb};
    };
  }

  /** True when the matrices of a 3-D tensor are stored column by column (and not row by row). */
  private static boolean columnMajor(Tensor t) {
    long[] st = t.strideArray();
    long[] sh = t.shapeArray();
    return sh[1] > 1 && sh[2] > 1 && st[1] == 1 && st[2] == sh[1];
  }

  /**
   * Saved: {@code [input, weight]} of a convolution; gradients for the input, weight and bias (when
   * there is one), each computed only when needed.
   */
  static Graph.Rule conv2d(Window2d w, int groups, boolean bias) {
    return (g, s, in) -> ConvolutionOps.backward(g, null, s[0], s[1], w, groups, bias);
  }

  /** Gradient of {@code relu(conv2d)} from its saved input, weight and output. */
  static Graph.Rule conv2dRelu(Window2d w, int groups, boolean bias) {
    return (g, s, in) -> ConvolutionOps.backward(g, s[2], s[0], s[1], w, groups, bias);
  }

  /**
   * Gradient of {@code maxPool2d(relu(conv2d))} from its saved input, weight, output and indices;
   * {@code shape} is the convolution's output shape.
   */
  static Graph.Rule conv2dReluMaxPool(
      Window2d w, int groups, Window2d pool, boolean bias, long[] shape) {
    return (g, s, in) ->
        ConvolutionOps.pooledBackward(g, s[2], s[3], s[0], s[1], w, groups, pool, bias, shape);
  }

  /** Gradient of {@code cat(dim)}: the matching slice of the gradient for each input. */
  static Graph.Rule cat(int dim, long[] sizes) {
    return (g, s, in) -> {
      Tensor[] out = new Tensor[sizes.length];
      long start = 0;
      for (int i = 0; i < sizes.length; i++) {
        out[i] = g.narrow(dim, start, sizes[i]);
        start += sizes[i];
      }
      return out;
    };
  }

  /** Gradient of a device copy: back to the input's device. */
  static Graph.Rule toDevice(Device device) {
    return (g, s, in) -> new Tensor[] {g.to(device)};
  }
}
