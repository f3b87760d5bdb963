package jtorch.backend.cpu;

import jtorch.DType;
import jtorch.backend.AdadeltaStep;
import jtorch.backend.Strided;

/**
 * {@link jtorch.backend.Backend#adadelta} on contiguous float32 or float64 arrays: one pass that
 * reads each of the four arrays once and writes three, where the unfused ops make eleven passes and
 * five temporaries. Every intermediate is rounded to the dtype in the unfused ops' order, so both
 * give the same bits (a test checks it).
 */
final class FusedAdadelta {
  private static final FloatOps F = FloatOpsProvider.OPS;

  private FusedAdadelta() {}

  static boolean step(Strided p, Strided g, Strided sa, Strided ad, AdadeltaStep o) {
    if (!(p.isContiguous() && g.isContiguous() && sa.isContiguous() && ad.isContiguous())) {
      return false;
    }
    int n = (int) p.numel();
    int pi = (int) p.offset();
    int gi = (int) g.offset();
    int si = (int) sa.offset();
    int ai = (int) ad.offset();
    if (p.storage().array() instanceof float[] fp
        && g.storage().array() instanceof float[] fg
        && sa.storage().array() instanceof float[] fs
        && ad.storage().array() instanceof float[] fa
        && p.dtype() == DType.FLOAT32) {
      Parallel.forRange(
          n,
          16,
          (s, e) -> {
            int from = (int) s;
            F.adadelta(
                fp, pi + from, fg, gi + from, fs, si + from, fa, ai + from, (int) e - from, o);
          });
      return true;
    }
    if (p.storage().array() instanceof double[] dp
        && g.storage().array() instanceof double[] dg
        && sa.storage().array() instanceof double[] ds
        && ad.storage().array() instanceof double[] da) {
      Parallel.forRange(
          n, 16, (s, e) -> doubles(dp, pi, dg, gi, ds, si, da, ai, (int) s, (int) e, o));
      return true;
    }
    return false;
  }

  private static void doubles(
      double[] p,
      int pi,
      double[] g,
      int gi,
      double[] sa,
      int si,
      double[] ad,
      int ai,
      int from,
      int to,
      AdadeltaStep o) {
    double rho = o.rho();
    double oneMinusRho = 1 - o.rho();
    double eps = o.eps();
    double wd = o.weightDecay();
    double negLr = -o.lr();
    boolean decay = wd != 0;
    boolean maximize = o.maximize();
    for (int i = from; i < to; i++) {
      double gr = maximize ? -g[gi + i] : g[gi + i];
      if (decay) {
        gr = gr + p[pi + i] * wd;
      }
      double t = gr * oneMinusRho * gr;
      double s = sa[si + i] * rho + t;
      sa[si + i] = s;
      double delta = Math.sqrt(ad[ai + i] + eps) / Math.sqrt(s + eps) * gr;
      ad[ai + i] = ad[ai + i] * rho + delta * oneMinusRho * delta;
      p[pi + i] = p[pi + i] + delta * negLr;
    }
  }
}
