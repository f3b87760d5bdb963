package jtorch.autograd;

import static jtorch.autograd.GradCheckCases.p;
import static jtorch.autograd.GradCheckCases.r;
import static jtorch.autograd.GradCheckCases.rs;
import static jtorch.autograd.GradCheckCases.rt;
import static jtorch.autograd.GradCheckCases.u;

import java.util.List;
import java.util.function.Function;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.nn.functional.F;
import jtorch.nn.functional.Reduction;

/**
 * The float64 gradient checks of {@link F}: every public function that takes a tensor, under the
 * signature {@link GradCheckRegistryTest} derives ({@code F.conv2d(Tensor,Tensor,Tensor,int[],
 * String,int[],int)}), with the variants that take different paths (strides, padding, "same" with
 * even kernels, dilation, groups, ignored targets, reductions, training and eval batch norm).
 * Targets, class weights and running statistics are constants captured by the function.
 */
final class NnGradCheckCases {
  private NnGradCheckCases() {}

  private static List<GradCheckCases.Case> all;

  private static void add(String op, Function<Tensor[], Tensor> f, GradCheckCases.In... inputs) {
    all.add(new GradCheckCases.Case("F." + op, f, inputs, GradCheck.EPS, GradCheck.ATOL));
  }

  private static Tensor longs(long... v) {
    return Torch.tensor(v);
  }

  private static Tensor doubles(double... v) {
    return Torch.tensor(v);
  }

  static void register(List<GradCheckCases.Case> cases) {
    all = cases;
    activations();
    linearAndConvolution();
    pooling();
    losses();
    normalization();
  }

  private static void activations() {
    add("relu(Tensor)", x -> F.relu(x[0]), rt(3, 4));
    add("sigmoid(Tensor)", x -> F.sigmoid(x[0]), rs(2, 3));
    add("tanh(Tensor)", x -> F.tanh(x[0]), r(5));
    add("softmax(Tensor,int)", x -> F.softmax(x[0], 1), rt(2, 3, 4));
    add("logSoftmax(Tensor,int)", x -> F.logSoftmax(x[0], -1), rs(3, 4));
    add("flatten(Tensor)", x -> F.flatten(x[0]), rt(2, 3, 2));
    add("flatten(Tensor,int)", x -> F.flatten(x[0], 1), rs(2, 3, 2));
    // a fixed seed inside f: every evaluation drops the same elements
    add(
        "dropout(Tensor,double,boolean)",
        x -> {
          Torch.manualSeed(3);
          return F.dropout(x[0], 0.4, true);
        },
        rt(4, 5));
    add("dropout(Tensor,double,boolean)", x -> F.dropout(x[0], 0.4, false), r(3));
  }

  private static void linearAndConvolution() {
    add("linear(Tensor,Tensor,Tensor)", x -> F.linear(x[0], x[1], x[2]), r(4), r(3, 4), r(3));
    add("linear(Tensor,Tensor,Tensor)", x -> F.linear(x[0], x[1], x[2]), rt(3, 4), r(2, 4), r(2));
    add(
        "linear(Tensor,Tensor,Tensor)",
        x -> F.linear(x[0], x[1], x[2]),
        rs(2, 3, 4),
        rt(2, 4),
        r(2));
    add("linear(Tensor,Tensor,Tensor)", x -> F.linear(x[0], x[1], null), r(2, 4), rt(3, 4));

    add(
        "conv2d(Tensor,Tensor,Tensor)",
        x -> F.conv2d(x[0], x[1], x[2]),
        r(2, 2, 4, 4),
        r(3, 2, 3, 3),
        r(3));
    add(
        "conv2d(Tensor,Tensor,Tensor)",
        x -> F.conv2d(x[0], x[1], null),
        rt(1, 2, 4, 3),
        r(2, 2, 2, 2));
    add(
        "conv2d(Tensor,Tensor,Tensor)",
        x -> F.conv2d(x[0], x[1], x[2]),
        r(2, 4, 4),
        r(3, 2, 2, 2),
        r(3));
    String ints = "conv2d(Tensor,Tensor,Tensor,int,int,int,int)";
    add(ints, x -> F.conv2d(x[0], x[1], x[2], 2, 1, 1, 1), r(1, 2, 5, 5), r(2, 2, 3, 3), r(2));
    add(ints, x -> F.conv2d(x[0], x[1], x[2], 1, 1, 2, 1), rs(1, 1, 5, 5), r(2, 1, 3, 3), r(2));
    add(ints, x -> F.conv2d(x[0], x[1], x[2], 1, 0, 1, 2), r(1, 4, 4, 4), rt(4, 2, 2, 2), r(4));
    add(ints, x -> F.conv2d(x[0], x[1], null, 1, 1, 1, 3), rt(2, 3, 4, 3), r(3, 1, 3, 3));
    add(ints, x -> F.conv2d(x[0], x[1], x[2], 2, 1, 1, 2), r(1, 2, 4, 4), r(4, 1, 2, 2), r(4));
    String arrays = "conv2d(Tensor,Tensor,Tensor,int[],int[],int[],int)";
    add(
        arrays,
        x -> F.conv2d(x[0], x[1], x[2], new int[] {2, 1}, new int[] {1, 0}, new int[] {1, 2}, 1),
        rt(1, 2, 5, 6),
        r(2, 2, 3, 2),
        r(2));
    add(
        arrays,
        x -> F.conv2d(x[0], x[1], null, new int[] {1, 2}, new int[] {0, 2}, new int[] {2, 1}, 2),
        rs(1, 2, 6, 4),
        r(2, 1, 2, 3));
    String same = "conv2d(Tensor,Tensor,Tensor,int[],String,int[],int)";
    int[] one = {1, 1};
    add(
        same,
        x -> F.conv2d(x[0], x[1], x[2], one, "same", one, 1),
        r(1, 2, 4, 5),
        r(2, 2, 3, 3),
        r(2));
    // even kernels: PyTorch pads one more at the bottom and right
    add(
        same,
        x -> F.conv2d(x[0], x[1], x[2], one, "same", one, 1),
        rt(1, 1, 5, 4),
        r(2, 1, 4, 2),
        r(2));
    add(
        same,
        x -> F.conv2d(x[0], x[1], null, one, "same", new int[] {3, 1}, 2),
        rs(1, 2, 5, 4),
        r(2, 1, 2, 3));
    add(
        same,
        x -> F.conv2d(x[0], x[1], x[2], new int[] {2, 1}, "valid", one, 1),
        r(1, 1, 5, 4),
        r(2, 1, 3, 2),
        r(2));
  }

  private static void pooling() {
    add("maxPool2d(Tensor,int)", x -> F.maxPool2d(x[0], 2), rt(2, 1, 4, 5));
    add("maxPool2d(Tensor,int,int,int,int)", x -> F.maxPool2d(x[0], 3, 1, 1, 1), r(1, 2, 4, 4));
    add("maxPool2d(Tensor,int,int,int,int)", x -> F.maxPool2d(x[0], 2, 2, 1, 2), rs(1, 1, 6, 5));
    add("maxPool2d(Tensor,int,int,int,int)", x -> F.maxPool2d(x[0], 2, 1, 0, 1), r(2, 4, 4));
    add("avgPool2d(Tensor,int)", x -> F.avgPool2d(x[0], 2), rs(1, 2, 4, 5));
    add("avgPool2d(Tensor,int,int,int)", x -> F.avgPool2d(x[0], 3, 2, 1), rt(2, 1, 5, 5));
    add("avgPool2d(Tensor,int,int,int)", x -> F.avgPool2d(x[0], 2, 1, 1), r(1, 3, 3));
  }

  private static void losses() {
    Tensor t5 = longs(2, 0, 3, 3, 1);
    Tensor ignored = longs(2, -100, 3, -100, 1);
    Tensor w4 = doubles(0.5, 2.0, 1.0, 1.5);
    Tensor tk = longs(0, 2, 1, 1, 2, 2, 0, 1).view(2, 2, 2);
    add("nllLoss(Tensor,Tensor)", x -> F.nllLoss(x[0], t5), rt(5, 4));
    add("nllLoss(Tensor,Tensor,Reduction)", x -> F.nllLoss(x[0], t5, Reduction.SUM), r(5, 4));
    add(
        "nllLoss(Tensor,Tensor,Reduction)",
        x -> F.nllLoss(x[0], tk, Reduction.NONE),
        r(2, 3, 2, 2));
    String full = "nllLoss(Tensor,Tensor,Tensor,long,Reduction)";
    add(full, x -> F.nllLoss(x[0], ignored, w4, -100, Reduction.MEAN), rs(5, 4));
    add(full, x -> F.nllLoss(x[0], t5, w4, 3, Reduction.NONE), r(5, 4));
    add(full, x -> F.nllLoss(x[0], tk, doubles(1, 2, 3), 1, Reduction.MEAN), rt(2, 3, 2, 2));
    add(full, x -> F.nllLoss(x[0], longs(2), null, -100, Reduction.SUM), r(4));

    add("crossEntropy(Tensor,Tensor)", x -> F.crossEntropy(x[0], t5), rt(5, 4));
    add("crossEntropy(Tensor,Tensor)", x -> F.crossEntropy(x[0], x[1]), r(3, 4), u(3, 4));
    add(
        "crossEntropy(Tensor,Tensor,Reduction)",
        x -> F.crossEntropy(x[0], tk, Reduction.SUM),
        rs(2, 3, 2, 2));
    add(
        "crossEntropy(Tensor,Tensor,Reduction)",
        x -> F.crossEntropy(x[0], x[1], Reduction.NONE),
        rt(2, 3, 2),
        u(2, 3, 2));
    String ceFull = "crossEntropy(Tensor,Tensor,Tensor,long,Reduction)";
    add(ceFull, x -> F.crossEntropy(x[0], ignored, w4, -100, Reduction.MEAN), r(5, 4));
    add(ceFull, x -> F.crossEntropy(x[0], x[1], w4, -100, Reduction.MEAN), rt(3, 4), u(3, 4));

    add("mseLoss(Tensor,Tensor)", x -> F.mseLoss(x[0], x[1]), rt(3, 4), rs(3, 4));
    add("mseLoss(Tensor,Tensor,Reduction)", x -> F.mseLoss(x[0], x[1], Reduction.SUM), r(5), r(5));
    add(
        "mseLoss(Tensor,Tensor,Reduction)",
        x -> F.mseLoss(x[0], x[1], Reduction.NONE),
        r(2, 3),
        rt(2, 3));

    add(
        "binaryCrossEntropy(Tensor,Tensor)",
        x -> F.binaryCrossEntropy(x[0], x[1]),
        u(2, 3),
        u(2, 3));
    add(
        "binaryCrossEntropy(Tensor,Tensor,Tensor,Reduction)",
        x -> F.binaryCrossEntropy(x[0], x[1], doubles(0.5, 2, 1), Reduction.SUM),
        u(2, 3),
        u(2, 3));
    add(
        "binaryCrossEntropy(Tensor,Tensor,Tensor,Reduction)",
        x -> F.binaryCrossEntropy(x[0], x[1], null, Reduction.NONE),
        u(4),
        u(4));
    add(
        "binaryCrossEntropyWithLogits(Tensor,Tensor)",
        x -> F.binaryCrossEntropyWithLogits(x[0], x[1]),
        rt(3, 2),
        u(3, 2));
    String logits = "binaryCrossEntropyWithLogits(Tensor,Tensor,Tensor,Tensor,Reduction)";
    add(
        logits,
        x -> F.binaryCrossEntropyWithLogits(x[0], x[1], null, doubles(0.5, 2, 3), Reduction.SUM),
        rs(2, 3),
        u(2, 3));
    add(
        logits,
        x -> F.binaryCrossEntropyWithLogits(x[0], x[1], doubles(2, 1, 0.5), null, Reduction.NONE),
        r(2, 3),
        u(2, 3));
    add(
        logits,
        x ->
            F.binaryCrossEntropyWithLogits(
                x[0], x[1], doubles(2, 1, 0.5), doubles(0.5, 2, 3), Reduction.MEAN),
        rt(3, 3),
        u(3, 3));
  }

  private static void normalization() {
    String sig = "batchNorm(Tensor,Tensor,Tensor,Tensor,Tensor,boolean,double,double)";
    // training: batch statistics (running statistics are updated, but do not feed the output)
    add(
        sig,
        x -> {
          Tensor rm = Torch.zeros(new long[] {3}, DType.FLOAT64);
          Tensor rv = Torch.ones(new long[] {3}, DType.FLOAT64);
          return F.batchNorm(x[0], rm, rv, x[1], x[2], true, 0.1, 1e-5);
        },
        r(4, 3, 2, 2),
        p(3),
        r(3));
    add(sig, x -> F.batchNorm(x[0], null, null, x[1], x[2], true, 0.1, 1e-5), rt(5, 3), p(3), r(3));
    add(sig, x -> F.batchNorm(x[0], null, null, null, null, true, 0.1, 1e-3), rs(3, 2, 4));
    // eval: the given running statistics
    Tensor mean = doubles(0.5, -1, 0.25);
    Tensor var = doubles(2, 0.5, 1.5);
    add(
        sig,
        x -> F.batchNorm(x[0], mean, var, x[1], x[2], false, 0.1, 1e-5),
        rt(2, 3, 2, 2),
        p(3),
        r(3));
    add(sig, x -> F.batchNorm(x[0], mean, var, null, null, false, 0.1, 1e-5), r(4, 3));
  }
}
