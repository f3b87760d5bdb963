package jtorch.bench;

import static jtorch.bench.LibtorchBench.noGrad;
import static jtorch.bench.LibtorchBench.scoped;
import static org.bytedeco.pytorch.global.torch.max_pool2d;
import static org.bytedeco.pytorch.global.torch.nll_loss;
import static org.bytedeco.pytorch.global.torch.randint;
import static org.bytedeco.pytorch.global.torch.randn;

import java.util.ArrayList;
import java.util.List;
import jtorch.bench.LibtorchBench.Case;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRefOptional;
import org.bytedeco.pytorch.global.torch;

/** {@link LibtorchBench}'s cases: the JMH benchmarks' ops and shapes, under their report names. */
final class LibtorchCases {
  private static final int[] SIZES = {1 << 20, 1 << 22, 1 << 24};
  private static final int[] MATMUL = {128, 256, 512, 1024, 2048};
  private static final String[] MM = {
    "32x4608x64", "64x32x4608", "32x64x4608", "32x64x10", "10x32x64", "32x10x64"
  };
  private static final int[] CONV_BATCHES = {32, 128};
  private static final long[] ONE = {1, 1};
  private static final long[] ZERO = {0, 0};
  private static final long[] TWO = {2, 2};

  private LibtorchCases() {}

  /** Every case, inputs made now (seed 42). */
  static List<Case> all() {
    torch.manual_seed(BenchSupport.SEED);
    List<Case> cases = new ArrayList<>();
    for (int n : SIZES) {
      Tensor a = randn(n);
      Tensor b = randn(n);
      Tensor acc = randn(n);
      Tensor rows = a.view(n / 1024, 1024);
      cases.add(new Case("add", n, () -> noGrad(() -> a.add(b))));
      cases.add(new Case("add_", n, () -> noGrad(() -> acc.add_(b))));
      cases.add(new Case("mul", n, () -> noGrad(() -> a.mul(b))));
      cases.add(new Case("relu", n, () -> noGrad(a::relu)));
      cases.add(new Case("exp", n, () -> noGrad(a::exp)));
      cases.add(new Case("sum", n, () -> noGrad(a::sum)));
      cases.add(new Case("mean_dim", n, () -> noGrad(() -> rows.mean(1))));
      cases.add(new Case("max_dim", n, () -> noGrad(() -> torch.max(rows, 1).get0())));
    }
    for (int n : MATMUL) {
      Tensor a = randn(n, n);
      Tensor b = randn(n, n);
      cases.add(new Case("matmul", n, () -> noGrad(() -> a.matmul(b)), true));
    }
    for (String shape : MM) {
      String[] mkn = shape.split("x");
      Tensor a = randn(Long.parseLong(mkn[0]), Long.parseLong(mkn[1]));
      Tensor b = randn(Long.parseLong(mkn[1]), Long.parseLong(mkn[2]));
      cases.add(new Case("mm", shape, () -> noGrad(() -> a.matmul(b)), true));
    }
    LibtorchNet net = new LibtorchNet(TutorialNet.LR);
    for (int batch : CONV_BATCHES) {
      Tensor x1 = randn(batch, 1, 28, 28);
      Tensor x2 = randn(batch, 16, 26, 26).set_requires_grad(true);
      Tensor g1 = randn(batch, 16, 26, 26);
      Tensor g2 = randn(batch, 32, 24, 24);
      cases.add(
          new Case("conv1_fwd", batch, () -> noGrad(() -> LibtorchNet.conv(x1, net.w1, net.b1))));
      cases.add(
          new Case(
              "conv1_fwd_bwd",
              batch,
              () ->
                  scoped(() -> {
                    net.w1.mutable_grad().reset();
                    net.b1.mutable_grad().reset();
                    backward(LibtorchNet.conv(x1, net.w1, net.b1), g1);
                  })));
      cases.add(
          new Case("conv2_fwd", batch, () -> noGrad(() -> LibtorchNet.conv(x2, net.w2, net.b2))));
      cases.add(
          new Case(
              "conv2_fwd_bwd",
              batch,
              () ->
                  scoped(() -> {
                    net.w2.mutable_grad().reset();
                    net.b2.mutable_grad().reset();
                    x2.mutable_grad().reset();
                    backward(LibtorchNet.conv(x2, net.w2, net.b2), g2);
                  })));
    }
    int batch = TutorialNet.BATCH;
    Tensor x = randn(batch, 32, 24, 24).set_requires_grad(true);
    Tensor g = randn(batch, 32, 12, 12);
    Tensor z = randn(batch, 10).set_requires_grad(true);
    Tensor y = randint(10, new long[] {batch});
    cases.add(
        new Case(
            "maxpool_fwd", batch, () -> noGrad(() -> max_pool2d(x, TWO, TWO, ZERO, ONE, false))));
    cases.add(
        new Case(
            "maxpool_fwd_bwd",
            batch,
            () ->
                scoped(() -> {
                  x.mutable_grad().reset();
                  backward(max_pool2d(x, TWO, TWO, ZERO, ONE, false), g);
                })));
    cases.add(
        new Case("logsoftmax_nll_fwd", batch, () -> noGrad(() -> nll_loss(z.log_softmax(1), y))));
    cases.add(
        new Case(
            "logsoftmax_nll_fwd_bwd",
            batch,
            () ->
                scoped(() -> {
                  z.mutable_grad().reset();
                  nll_loss(z.log_softmax(1), y).backward();
                })));
    Tensor[] xs = new Tensor[8];
    Tensor[] ys = new Tensor[8];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = randn(batch, 1, 28, 28);
      ys[i] = randint(10, new long[] {batch});
    }
    int[] next = {0};
    cases.add(
        new Case(
            "train_step",
            batch,
            () ->
                scoped(() -> {
                  int i = next[0];
                  next[0] = (i + 1) % xs.length;
                  net.trainStep(xs[i], ys[i]);
                })));
    return cases;
  }

  private static void backward(Tensor out, Tensor grad) {
    out.backward(grad, new BoolOptional(), false, new TensorArrayRefOptional());
  }
}
