package jtorch.bench;

import java.util.Arrays;
import jtorch.DType;
import jtorch.Generator;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.backend.cpu.CpuBackend;
import jtorch.nn.Sequential;
import jtorch.nn.functional.F;
import jtorch.optim.Adadelta;

/**
 * One training step of the tutorial's ConvNet (batch 32 of [1, 28, 28], nll loss, backward,
 * Adadelta(lr 0.5)), timed step by step, without JMH: a plain main that is easy to run under a
 * profiler ({@code -XX:StartFlightRecording=filename=x.jfr,settings=profile}).
 *
 * <p>Arguments: warm-up steps (default 150), measured steps (default 300), and optionally a file to
 * which the parameters and gradients after the last step are written as text, so that two builds
 * can be compared (a few steps only: the Vector API's exp and lane sums round differently before
 * and after JIT compilation, so long runs drift apart chaotically even on one build). Prints the
 * median and quartiles of the whole step and of its phases (forward with loss, backward, optimizer
 * step) and the last loss. Inputs are seeded normal noise rather than MNIST, so the driver needs no
 * data files.
 */
public final class TrainStepProfile {
  private static final int BATCH = 32;
  private static final int POOL = 8;

  private TrainStepProfile() {}

  /** Runs the warm-up and measured steps and prints the timings. */
  public static void main(String[] args) throws java.io.IOException {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 150;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    Torch.manualSeed(0);
    Sequential model = TutorialNet.create();
    model.train();
    Adadelta opt = new Adadelta(model.parameters(), 0.5);
    Generator gen = new Generator(BenchSupport.SEED);
    Tensor[] xs = new Tensor[POOL];
    Tensor[] ys = new Tensor[POOL];
    for (int i = 0; i < POOL; i++) {
      xs[i] = Torch.randn(new long[] {BATCH, 1, 28, 28}, DType.FLOAT32, gen);
      ys[i] = Torch.randint(10, new long[] {BATCH});
    }
    long[] total = new long[steps];
    long[] fwd = new long[steps];
    long[] bwd = new long[steps];
    long[] upd = new long[steps];
    double loss = 0;
    var threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long allocated = 0;
    for (int s = -warmup; s < steps; s++) {
      if (s == 0) {
        allocated = threads.getCurrentThreadAllocatedBytes();
      }
      int b = Math.floorMod(s, POOL);
      long t0 = System.nanoTime();
      opt.zeroGrad();
      Tensor l = F.nllLoss(model.forward(xs[b]), ys[b]);
      long t1 = System.nanoTime();
      l.backward();
      long t2 = System.nanoTime();
      opt.step();
      long t3 = System.nanoTime();
      loss = l.item();
      if (s >= 0) {
        total[s] = t3 - t0;
        fwd[s] = t1 - t0;
        bwd[s] = t2 - t1;
        upd[s] = t3 - t2;
      }
    }
    System.out.printf(
        "kernels %s, threads %d, %d warm-up + %d steps%n",
        CpuBackend.floatKernels(),
        java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1,
        warmup,
        steps);
    print("step", total);
    print("forward+loss", fwd);
    print("backward", bwd);
    print("optimizer", upd);
    System.out.printf(
        "allocated    %7.1f MB a step (calling thread)%n",
        (threads.getCurrentThreadAllocatedBytes() - allocated) / 1e6 / steps);
    System.out.printf("last loss %.7f%n", loss);
    if (args.length > 2) {
      try (var out = new java.io.PrintWriter(args[2], java.nio.charset.StandardCharsets.UTF_8)) {
        out.println("loss " + loss);
        for (var e : model.namedParameters().entrySet()) {
          out.println(e.getKey() + " " + Arrays.toString(e.getValue().toFloatArray()));
          out.println(e.getKey() + ".grad " + Arrays.toString(e.getValue().grad().toFloatArray()));
        }
      }
    }
  }

  private static void print(String what, long[] ns) {
    long[] s = ns.clone();
    Arrays.sort(s);
    System.out.printf(
        "%-13s median %7.2f ms  (q1 %7.2f, q3 %7.2f)%n",
        what, s[s.length / 2] / 1e6, s[s.length / 4] / 1e6, s[3 * s.length / 4] / 1e6);
  }
}
