package jtorch.backend.cpu;

import jtorch.DType;
import jtorch.backend.SgdStep;
import jtorch.backend.Strided;

/**
 * {@link jtorch.backend.Backend#sgd} on contiguous float32 or float64 arrays: one pass that reads
 * the parameter, its gradient and its momentum buffer once and writes two, where the unfused ops
 * make up to nine passes and four temporaries (Nesterov with weight decay). Every intermediate is
 * rounded to the dtype in the unfused ops' order, so both give the same bits (a test checks it).
 */
final class FusedSgd {
  private static final FloatOps F = FloatOpsProvider.OPS;

  private FusedSgd() {}

  /** The step, or false (nothing done) when an operand is strided or not float32/float64. */
  static boolean step(Strided p, Strided g, Strided b, SgdStep o) {
    if (!(p.isContiguous() && g.isContiguous() && (b == null || b.isContiguous()))) {
      return false;
    }
    int n = (int) p.numel();
    int pi = (int) p.offset();
    int gi = (int) g.offset();
    int bi = b == null ? 0 : (int) b.offset();
    Object ba = b == null ? null : b.storage().array();
    if (p.storage().array() instanceof float[] fp
        && g.storage().array() instanceof float[] fg
        && (b == null || ba instanceof float[])
        && p.dtype() == DType.FLOAT32) {
      float[] fb = (float[]) ba;
      Parallel.forRange(
          n,
          8,
          (s, e) -> {
            int from = (int) s;
            F.sgd(fp, pi + from, fg, gi + from, fb, bi + from, (int) e - from, o);
          });
      return true;
    }
    if (p.storage().array() instanceof double[] dp
        && g.storage().array() instanceof double[] dg
        && (b == null || ba instanceof double[])) {
      double[] db = (double[]) ba;
      Parallel.forRange(n, 8, (s, e) -> doubles(dp, pi, dg, gi, db, bi, (int) s, (int) e, o));
      return true;
    }
    return false;
  }

  private static void doubles(
      double[] p, int pi, double[] g, int gi, double[] b, int bi, int from, int to, SgdStep o) {
    double wd = o.weightDecay();
    double momentum = o.momentum();
    double oneMinusDampening = 1 - o.dampening();
    double negLr = -o.lr();
    boolean decay = wd != 0;
    boolean useMomentum = momentum != 0;
    for (int i = from; i < to; i++) {
      double d = o.maximize() ? -g[gi + i] : g[gi + i];
      if (decay) {
        d = d + p[pi + i] * wd;
      }
      if (useMomentum) {
        double buf = o.firstStep() ? d : b[bi + i] * momentum + d * oneMinusDampening;
        b[bi + i] = buf;
        d = o.nesterov() ? d + buf * momentum : buf;
      }
      p[pi + i] = p[pi + i] + d * negLr;
    }
  }
}
