package jtorch.backend.cpu;

import jtorch.backend.AdadeltaStep;
import jtorch.backend.BinaryOp;
import jtorch.backend.CounterRandom;
import jtorch.backend.SgdStep;
import jtorch.backend.UnaryOp;

/** Plain Java float32 loops; the op switch sits outside each loop so the JIT can vectorise. */
final class ScalarFloatOps implements FloatOps {

  static float apply(BinaryOp op, float x, float y) {
    return switch (op) {
      case ADD -> x + y;
      case SUB -> x - y;
      case MUL -> x * y;
      case DIV -> x / y;
      case POW -> (float) Math.pow(x, y);
      case MAXIMUM -> Math.max(x, y);
      case MINIMUM -> Math.min(x, y);
      case RELU_BACKWARD -> y <= 0 ? 0f : x;
      default -> throw new IllegalArgumentException(op.name());
    };
  }

  static float apply(UnaryOp op, float x) {
    return switch (op) {
      case NEG -> -x;
      case ABS -> Math.abs(x);
      case SIGN -> x > 0 ? 1 : x < 0 ? -1 : 0; // NaN gives 0, as PyTorch
      case EXP -> (float) Math.exp(x);
      case LOG -> (float) Math.log(x);
      case SQRT -> (float) Math.sqrt(x);
      case RELU -> Math.max(x, 0f);
      case SIGMOID -> (float) (1 / (1 + Math.exp(-x)));
      case TANH -> (float) Math.tanh(x);
      default -> throw new IllegalArgumentException(op.name());
    };
  }

  @Override
  public void binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] o, int oo, int n) {
    switch (op) {
      case ADD -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] + b[bo + i];
        }
      }
      case SUB -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] - b[bo + i];
        }
      }
      case MUL -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] * b[bo + i];
        }
      }
      case DIV -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] / b[bo + i];
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = apply(op, a[ao + i], b[bo + i]);
        }
      }
    }
  }

  @Override
  public void binaryScalar(BinaryOp op, float[] a, int ao, float s, float[] o, int oo, int n) {
    switch (op) {
      case ADD -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] + s;
        }
      }
      case MUL -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = a[ao + i] * s;
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = apply(op, a[ao + i], s);
        }
      }
    }
  }

  @Override
  public void scalarBinary(BinaryOp op, float s, float[] b, int bo, float[] o, int oo, int n) {
    for (int i = 0; i < n; i++) {
      o[oo + i] = apply(op, s, b[bo + i]);
    }
  }

  @Override
  public void unary(UnaryOp op, float[] a, int ao, float[] o, int oo, int n) {
    switch (op) {
      case RELU -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = Math.max(a[ao + i], 0f);
        }
      }
      case NEG -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = -a[ao + i];
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          o[oo + i] = apply(op, a[ao + i]);
        }
      }
    }
  }

  @Override
  public double sum(float[] a, int ao, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += a[ao + i];
    }
    return s;
  }

  @Override
  public void gemm(
      FloatMatrix a, FloatMatrix b, FloatMatrix c, int k, int r0, int r1, int j0, int j1) {
    float[] cd = c.data();
    float[] bd = b.data();
    int bs = b.colStride();
    for (int i = r0; i < r1; i++) {
      int ci = c.offset() + i * c.rowStride();
      java.util.Arrays.fill(cd, ci + j0, ci + j1, 0f);
      for (int p = 0; p < k; p++) {
        float s = a.get(i, p);
        int bp = b.offset() + p * b.rowStride();
        for (int j = j0; j < j1; j++) {
          cd[ci + j] += s * bd[bp + j * bs];
        }
      }
    }
  }

  @Override
  public void adadelta(
      float[] p,
      int pi,
      float[] g,
      int gi,
      float[] sa,
      int si,
      float[] ad,
      int ai,
      int n,
      AdadeltaStep o) {
    float rho = (float) o.rho();
    float oneMinusRho = (float) (1 - o.rho());
    float eps = (float) o.eps();
    float wd = (float) o.weightDecay();
    float negLr = (float) -o.lr();
    for (int i = 0; i < n; i++) {
      float gr = o.maximize() ? -g[gi + i] : g[gi + i];
      if (o.weightDecay() != 0) {
        gr = gr + p[pi + i] * wd;
      }
      float t = gr * oneMinusRho * gr;
      float s = sa[si + i] * rho + t;
      sa[si + i] = s;
      float delta = (float) Math.sqrt(ad[ai + i] + eps) / (float) Math.sqrt(s + eps) * gr;
      ad[ai + i] = ad[ai + i] * rho + delta * oneMinusRho * delta;
      p[pi + i] = p[pi + i] + delta * negLr;
    }
  }

  @Override
  public void sgd(float[] p, int pi, float[] g, int gi, float[] b, int bi, int n, SgdStep o) {
    float wd = (float) o.weightDecay();
    float momentum = (float) o.momentum();
    float oneMinusDampening = (float) (1 - o.dampening());
    float negLr = (float) -o.lr();
    boolean decay = o.weightDecay() != 0;
    boolean useMomentum = o.momentum() != 0;
    for (int i = 0; i < n; i++) {
      float d = o.maximize() ? -g[gi + i] : g[gi + i];
      if (decay) {
        d = d + p[pi + i] * wd;
      }
      if (useMomentum) {
        float buf = o.firstStep() ? d : b[bi + i] * momentum + d * oneMinusDampening;
        b[bi + i] = buf;
        d = o.nesterov() ? d + buf * momentum : buf;
      }
      p[pi + i] = p[pi + i] + d * negLr;
    }
  }

  @Override
  public int argExtreme(boolean max, float[] a, int start, int step, int len) {
    int best = 0;
    float bv = a[start];
    if (Float.isNaN(bv)) {
      return 0;
    }
    for (int r = 1, p = start + step; r < len; r++, p += step) {
      float v = a[p];
      if (max ? v > bv : v < bv) {
        bv = v;
        best = r;
      } else if (v != v) {
        return r;
      }
    }
    return best;
  }

  @Override
  public void maxPool2x2(
      float[] a,
      int base,
      int wd,
      int iw,
      int oh,
      int ow,
      float[] out,
      int oo,
      long[] idx,
      int xo) {
    maxPool2x2Rows(a, base, wd, iw, 0, oh, ow, out, oo, idx, xo);
  }

  /** {@link #maxPool2x2}'s output rows {@code [from, to)}. */
  static void maxPool2x2Rows(
      float[] a,
      int base,
      int wd,
      int iw,
      int from,
      int to,
      int ow,
      float[] out,
      int oo,
      long[] idx,
      int xo) {
    for (int oy = from; oy < to; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        int best = 0;
        float bv = a[base + 2 * oy * wd + 2 * ox];
        for (int t = 1; t < 4; t++) {
          float x = a[base + (2 * oy + t / 2) * wd + 2 * ox + t % 2];
          if (x > bv || Float.isNaN(x)) {
            bv = x;
            best = t;
          }
        }
        out[oo + oy * ow + ox] = bv;
        idx[xo + oy * ow + ox] = (2 * oy + best / 2) * iw + 2 * ox + best % 2;
      }
    }
  }

  /** None: scalar code runs the unfolded product, the reference. */
  @Override
  public int directConvBlock() {
    return 0;
  }

  @Override
  public void convReluMaxPool2x2(
      DirectConv k, float[] in, int io, float[] out, int oo, long[] idx, int xo) {
    throw new UnsupportedOperationException(
        "convReluMaxPool2x2: the scalar kernels have no direct convolution; check"
            + " directConvBlock() first");
  }

  @Override
  public void convReluMaxPool2x2Backward(
      DirectConv k, ConvPoolBatch b, int i, double[] accW, double[] accB) {
    throw new UnsupportedOperationException(
        "convReluMaxPool2x2Backward: the scalar kernels have no direct convolution; check"
            + " directConvBlock() first");
  }

  @Override
  public void bernoulli(float[] o, int oo, long seed, long first, long bound, int n) {
    for (int i = 0; i < n; i++) {
      o[oo + i] = (CounterRandom.bits(seed, first + i) >>> 40) < bound ? 1f : 0f;
    }
  }

  @Override
  public void gemmPartials(
      FloatMatrix a, FloatMatrix b, int k, int rows, int cols, float[] acc, int at) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        float s = 0;
        for (int p = 0; p < k; p++) {
          s += a.get(i, p) * b.get(p, j);
        }
        acc[at + i * cols + j] += s;
      }
    }
  }

  @Override
  public boolean allFinite(float[] a, int ao, int n) {
    for (int i = ao; i < ao + n; i++) {
      if (!Float.isFinite(a[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int partials() {
    return 1;
  }

  @Override
  public void maxPool(
      float[] a,
      int base,
      int[] pos,
      int[] taps,
      float[] out,
      int oo,
      long[] idx,
      int xo,
      int from,
      int to) {
    for (int p = from; p < to; p++) {
      int at = base + pos[p];
      int best = pos[p] + taps[0];
      float bv = a[at + taps[0]];
      for (int t = 1; t < taps.length; t++) {
        float v = a[at + taps[t]];
        if (v > bv || v != v) {
          bv = v;
          best = pos[p] + taps[t];
        }
      }
      out[oo + p] = bv;
      idx[xo + p] = best;
    }
  }

  @Override
  public String name() {
    return "scalar";
  }
}
