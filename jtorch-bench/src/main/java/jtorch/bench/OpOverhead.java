package jtorch.bench;

import java.util.Locale;
import jtorch.Tensor;
import jtorch.Torch;

/**
 * The fixed cost of one op, which the issue asks to keep under a few microseconds: {@code add} of
 * two 16-element float32 tensors without and with autograd recording, and a tiny forward and
 * backward ({@code (x * y).sum().backward()}). Best of 200 batches of calls, after as many again
 * for the JIT; {@code op_overhead.py} times the same calls in PyTorch.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks.jar jtorch.bench.OpOverhead
 * </pre>
 *
 * <p>prints, for example, {@code jtorch: add 223 ns, add with autograd 331 ns, mul+sum+backward
 * 2229 ns}.
 */
public final class OpOverhead {
  private static final int CALLS = 10_000;

  private OpOverhead() {}

  /** Times the three cases and prints them. */
  public static void main(String[] args) {
    Tensor x = Torch.randn(16);
    Tensor y = Torch.randn(16);
    Tensor xg = Torch.randn(16).requiresGrad_();
    Tensor yg = Torch.randn(16).requiresGrad_();
    long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
    for (int r = 0; r < 400; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < CALLS; i++) {
        x.add(y);
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < CALLS; i++) {
        xg.add(yg);
      }
      long t2 = System.nanoTime();
      for (int i = 0; i < CALLS / 10; i++) {
        xg.setGrad(null);
        xg.mul(yg).sum().backward();
      }
      long t3 = System.nanoTime();
      if (r >= 200) {
        best[0] = Math.min(best[0], (t1 - t0) / CALLS);
        best[1] = Math.min(best[1], (t2 - t1) / CALLS);
        best[2] = Math.min(best[2], (t3 - t2) / (CALLS / 10));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "jtorch: add %d ns, add with autograd %d ns, mul+sum+backward %d ns%n",
        best[0],
        best[1],
        best[2]);
  }
}
