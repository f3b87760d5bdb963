package jtorch.nn.functional;

import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;

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
    Tensor loss = picked.neg().mul(w);
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
    Tensor logP = p.log().clampMin(-100);
    Tensor log1mP = p.neg().add(1.0).log().clampMin(-100);
    Tensor loss = y.mul(logP).add(y.neg().add(1.0).mul(log1mP)).neg();
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
    // log(1 + exp(-|x|)) + max(-x, 0) is log(1 + exp(-x)) without overflow.
    Tensor softplusNeg = x.abs().neg().exp().add(1.0).log().add(x.neg().clampMin(0));
    Tensor loss;
    if (posWeight != null) {
      Tensor lw = posWeight.sub(1.0).mul(y).add(1.0);
      loss = y.neg().add(1.0).mul(x).add(lw.mul(softplusNeg));
    } else {
      loss = y.neg().add(1.0).mul(x).add(softplusNeg);
    }
    if (weight != null) {
      loss = loss.mul(weight);
    }
    return reduce(loss, reduction);
  }
}
