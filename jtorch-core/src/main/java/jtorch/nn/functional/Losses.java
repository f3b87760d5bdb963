package jtorch.nn.functional;

import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.autograd.Function;
import jtorch.autograd.FunctionCtx;

/** The losses, composed from differentiable tensor ops. */
final class Losses {
  private Losses() {}

  static Tensor reduce(Tensor loss, Reduction reduction) {
    return switch (reduction) {
      case NONE -> loss;
      case SUM -> loss.sum();
      case MEAN -> loss.mean();
    };
  }

  static Tensor nllLoss(
      Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
    if (target.dtype() != DType.INT64) {
      throw new IllegalArgumentException(
          "nllLoss: expected target of dtype torch.int64 (class indices), got "
              + target.dtype()
              + ". Convert with target.toLong().");
    }
    if (input.dim() < 1 || input.dim() > 2 && input.dim() - 1 != target.dim()) {
      throw new IllegalArgumentException(
          "nllLoss: expected input [N, C] or [N, C, d1, ...] with target [N] or [N, d1, ...], got "
              + input.shape()
              + " and "
              + target.shape());
    }
    Tensor in2 = input;
    Tensor t1 = target;
    if (input.dim() == 1) {
      in2 = input.unsqueeze(0);
      t1 = target.reshape(1);
    } else if (input.dim() > 2) {
      int last = input.dim() - 1;
      int[] perm = new int[input.dim()];
      perm[0] = 0;
      for (int i = 1; i < last; i++) {
        perm[i] = i + 1;
      }
      perm[last] = 1;
      in2 = input.permute(perm).reshape(-1, input.size(1));
      t1 = target.reshape(-1);
    }
    if (in2.size(0) != t1.numel()) {
      throw new IllegalArgumentException(
          "nllLoss: Expected input batch_size ("
              + in2.size(0)
              + ") to match target batch_size ("
              + t1.numel()
              + "); input "
              + input.shape()
              + ", target "
              + target.shape());
    }
    long classes = in2.size(1);
    Tensor valid = t1.ne(Torch.tensor(ignoreIndex).to(t1.device()));
    Tensor safe = Torch.where(valid, t1, Torch.zerosLike(t1));
    long[] ts = safe.toLongArray();
    for (long t : ts) {
      if (t < 0 || t >= classes) {
        throw new IndexOutOfBoundsException(
            "nllLoss: Target "
                + t
                + " is out of bounds: there are "
                + classes
                + " classes [0, "
                + (classes - 1)
                + "]");
      }
    }
    Tensor picked = in2.gather(1, safe.unsqueeze(1)).squeeze(1);
    Tensor w = valid.to(input.dtype());
    if (weight != null) {
      w = w.mul(weight.gather(0, safe));
    }
    // where, not a multiplication by the zero weight: an ignored target gets an exact zero
    // gradient even when the mean divides by a total weight of 0 (PyTorch's nan loss, zero grad)
    Tensor loss = Torch.where(valid, picked.neg().mul(w), 0.0);
    return switch (reduction) {
      case NONE ->
          input.dim() > 2
              ? loss.reshape(target.shape().toArray())
              : input.dim() == 1 ? loss.reshape() : loss;
      case SUM -> loss.sum();
      case MEAN -> loss.sum().div(w.sum());
    };
  }

  static Tensor crossEntropy(
      Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
    Tensor logp = input.logSoftmax(input.dim() == 1 ? 0 : 1);
    if (target.dtype().isFloatingPoint()) {
      if (!target.shape().equals(input.shape())) {
        throw new IllegalArgumentException(
            "crossEntropy: class-probability targets must have the input's shape "
                + input.shape()
                + ", got "
                + target.shape());
      }
      Tensor per = logp.mul(target);
      if (weight != null) {
        long[] ws = new long[input.dim()];
        java.util.Arrays.fill(ws, 1);
        ws[input.dim() == 1 ? 0 : 1] = weight.numel();
        per = per.mul(weight.view(ws));
      }
      Tensor loss = per.sum(input.dim() == 1 ? 0 : 1).neg();
      return reduction == Reduction.MEAN && input.dim() > 1
          ? loss.sum().div((double) (loss.numel()))
          : reduce(loss, reduction);
    }
    return nllLoss(logp, target, weight, ignoreIndex, reduction);
  }

  static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
    Tensor d = input.sub(target);
    return reduce(d.mul(d), reduction);
  }

  static Tensor binaryCrossEntropy(Tensor p, Tensor y, Tensor weight, Reduction reduction) {
    if (!p.shape().equals(y.shape())) {
      throw new IllegalArgumentException(
          "binaryCrossEntropy: Using a target size ("
              + y.shape()
              + ") that is different to the input size ("
              + p.shape()
              + ") is deprecated. Please ensure they have the same size.");
    }
    Tensor loss = new BinaryCrossEntropy().apply(p, y);
    if (weight != null) {
      loss = loss.mul(weight);
    }
    return reduce(loss, reduction);
  }

  static Tensor binaryCrossEntropyWithLogits(
      Tensor x, Tensor y, Tensor weight, Tensor posWeight, Reduction reduction) {
    if (!x.shape().equals(y.shape())) {
      throw new IllegalArgumentException(
          "binaryCrossEntropyWithLogits: Target size ("
              + y.shape()
              + ") must be the same as input size ("
              + x.shape()
              + ")");
    }
    Tensor loss =
        posWeight != null
            ? new BinaryCrossEntropyWithLogits().apply(x, y, posWeight)
            : new BinaryCrossEntropyWithLogits().apply(x, y);
    if (weight != null) {
      loss = loss.mul(weight);
    }
    return reduce(loss, reduction);
  }

  /**
   * The elementwise loss {@code -(y log p + (1 - y) log(1 - p))}, logs clamped at -100, with
   * PyTorch's gradients: {@code (p - y) / max(p (1 - p), 1e-12)} for p (finite at p = 0 and 1,
   * where the composite's would be nan) and {@code log(1 - p) - log(p)} for y.
   */
  private static final class BinaryCrossEntropy extends Function {
    @Override
    protected Tensor forward(FunctionCtx ctx, Tensor... in) {
      Tensor p = in[0];
      Tensor y = in[1];
      ctx.saveForBackward(p, y);
      Tensor logP = p.log().clampMin(-100);
      Tensor log1mP = p.neg().add(1.0).log().clampMin(-100);
      return y.mul(logP).add(y.neg().add(1.0).mul(log1mP)).neg();
    }

    @Override
    protected Tensor[] backward(FunctionCtx ctx, Tensor grad) {
      Tensor p = ctx.savedTensors()[0];
      Tensor y = ctx.savedTensors()[1];
      Tensor oneMinusP = p.neg().add(1.0);
      // PyTorch's EPSILON is the float 1e-12, also for double inputs
      Tensor gp = grad.mul(p.sub(y)).div(oneMinusP.mul(p).clampMin((double) 1e-12f));
      Tensor gy = grad.mul(oneMinusP.log().sub(p.log()));
      return new Tensor[] {gp, gy};
    }
  }

  /**
   * The elementwise loss {@code (1 - y) x + (1 + (pw - 1) y) softplus(-x)} (pos weight pw
   * optional), computed without overflow, with PyTorch's gradients: {@code sigmoid(x) - y} (or
   * {@code (pw y + 1 - y) sigmoid(x) - pw y}) for x, exact at x = 0 where the composite's is off by
   * a half, and {@code -x + (pw - 1) softplus(-x)} for y.
   */
  private static final class BinaryCrossEntropyWithLogits extends Function {
    @Override
    protected Tensor forward(FunctionCtx ctx, Tensor... in) {
      Tensor x = in[0];
      Tensor y = in[1];
      // log(1 + exp(-|x|)) + max(-x, 0) is log(1 + exp(-x)) without overflow.
      Tensor softplusNeg = x.abs().neg().exp().add(1.0).log().add(x.neg().clampMin(0));
      Tensor linear = y.neg().add(1.0).mul(x);
      if (in.length > 2) {
        Tensor posWeight = in[2];
        ctx.saveForBackward(x, y, softplusNeg, posWeight);
        return linear.add(posWeight.sub(1.0).mul(y).add(1.0).mul(softplusNeg));
      }
      ctx.saveForBackward(x, y, softplusNeg);
      return linear.add(softplusNeg);
    }

    @Override
    protected Tensor[] backward(FunctionCtx ctx, Tensor grad) {
      Tensor[] s = ctx.savedTensors();
      Tensor x = s[0];
      Tensor y = s[1];
      if (s.length > 3) {
        Tensor posWeight = s[3];
        Tensor t = posWeight.mul(y);
        Tensor gx = grad.mul(t.add(1.0).sub(y).mul(x.sigmoid()).sub(t));
        Tensor gy = grad.mul(x.neg().add(posWeight.sub(1.0).mul(s[2])));
        return new Tensor[] {gx, gy, null};
      }
      return new Tensor[] {grad.mul(x.sigmoid().sub(y)), grad.mul(x.neg())};
    }
  }
}
