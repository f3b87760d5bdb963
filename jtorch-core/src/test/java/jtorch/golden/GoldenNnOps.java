package jtorch.golden;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import jtorch.Tensor;
import jtorch.nn.functional.F;
import jtorch.nn.functional.Reduction;

/**
 * The jtorch side of every op in {@code nn.golden}: {@link F}'s functions under the names the
 * generator's {@code NN_OPS} table uses. Optional inputs (bias, class weights) follow the required
 * ones; which overload runs follows the arguments written (no options: the short overload).
 */
final class GoldenNnOps {
  private GoldenNnOps() {}

  static final Map<String, Golden.Op> ALL = new LinkedHashMap<>();

  private static void op(String name, Golden.Op op) {
    if (ALL.put(name, op) != null) {
      throw new IllegalStateException("op " + name + " registered twice");
    }
  }

  static {
    op("relu", (x, c) -> F.relu(x[0]));
    op("sigmoid", (x, c) -> F.sigmoid(x[0]));
    op("tanh", (x, c) -> F.tanh(x[0]));
    op("softmax", (x, c) -> F.softmax(x[0], c.i("dim")));
    op("logSoftmax", (x, c) -> F.logSoftmax(x[0], c.i("dim")));
    op("flatten", (x, c) -> has(c, "start") ? F.flatten(x[0], c.i("start")) : F.flatten(x[0]));
    op("dropout", (x, c) -> F.dropout(x[0], c.d("p"), c.bool("training")));
    op("linear", (x, c) -> F.linear(x[0], x[1], opt(x, 2)));
    op("conv2d", GoldenNnOps::conv2d);
    op("maxPool2d", (x, c) -> pool(x, c, true));
    op("avgPool2d", (x, c) -> pool(x, c, false));
    op("nllLoss", (x, c) -> classLoss(x, c, false));
    op("crossEntropy", (x, c) -> classLoss(x, c, true));
    op(
        "mseLoss",
        (x, c) ->
            has(c, "reduction") ? F.mseLoss(x[0], x[1], reduction(c)) : F.mseLoss(x[0], x[1]));
    op(
        "bce",
        (x, c) ->
            has(c, "reduction")
                ? F.binaryCrossEntropy(x[0], x[1], opt(x, 2), reduction(c))
                : F.binaryCrossEntropy(x[0], x[1]));
    op("bceWithLogits", GoldenNnOps::bceWithLogits);
    op("batchNorm", GoldenNnOps::batchNorm);
  }

  private static boolean has(GoldenCase c, String key) {
    return c.args().containsKey(key);
  }

  private static Tensor opt(Tensor[] x, int i) {
    return i < x.length ? x[i] : null;
  }

  private static Reduction reduction(GoldenCase c) {
    return Reduction.valueOf(c.str("reduction").toUpperCase(Locale.ROOT));
  }

  /** Python int or [h, w] list. */
  private static int[] pair(GoldenCase c, String key) {
    return c.isLong(key) ? new int[] {c.i(key), c.i(key)} : c.ints(key);
  }

  private static Tensor conv2d(Tensor[] x, GoldenCase c) {
    Tensor bias = opt(x, 2);
    if (!has(c, "stride")) {
      return F.conv2d(x[0], x[1], bias);
    }
    String padding = c.str("padding");
    int groups = c.i("groups");
    if (padding.equals("same") || padding.equals("valid")) {
      return F.conv2d(x[0], x[1], bias, pair(c, "stride"), padding, pair(c, "dilation"), groups);
    }
    if (c.isLong("stride") && c.isLong("padding") && c.isLong("dilation")) {
      return F.conv2d(x[0], x[1], bias, c.i("stride"), c.i("padding"), c.i("dilation"), groups);
    }
    return F.conv2d(
        x[0], x[1], bias, pair(c, "stride"), pair(c, "padding"), pair(c, "dilation"), groups);
  }

  private static Tensor pool(Tensor[] x, GoldenCase c, boolean max) {
    int k = c.i("kernel");
    if (!has(c, "stride")) {
      return max ? F.maxPool2d(x[0], k) : F.avgPool2d(x[0], k);
    }
    return max
        ? F.maxPool2d(x[0], k, c.i("stride"), c.i("padding"), c.i("dilation"))
        : F.avgPool2d(x[0], k, c.i("stride"), c.i("padding"));
  }

  private static Tensor classLoss(Tensor[] x, GoldenCase c, boolean crossEntropy) {
    if (has(c, "weight") || has(c, "ignore")) {
      Tensor w = has(c, "weight") ? x[2] : null;
      long ignore = has(c, "ignore") ? c.l("ignore") : -100;
      return crossEntropy
          ? F.crossEntropy(x[0], x[1], w, ignore, reduction(c))
          : F.nllLoss(x[0], x[1], w, ignore, reduction(c));
    }
    if (has(c, "reduction")) {
      return crossEntropy
          ? F.crossEntropy(x[0], x[1], reduction(c))
          : F.nllLoss(x[0], x[1], reduction(c));
    }
    return crossEntropy ? F.crossEntropy(x[0], x[1]) : F.nllLoss(x[0], x[1]);
  }

  private static Tensor bceWithLogits(Tensor[] x, GoldenCase c) {
    if (!has(c, "reduction")) {
      return F.binaryCrossEntropyWithLogits(x[0], x[1]);
    }
    int k = 2;
    Tensor w = has(c, "weight") ? x[k++] : null;
    Tensor pw = has(c, "posWeight") ? x[k] : null;
    return F.binaryCrossEntropyWithLogits(x[0], x[1], w, pw, reduction(c));
  }

  /** Outputs y and the running mean and variance (updated copies of the inputs in training). */
  private static Tensor[] batchNorm(Tensor[] x, GoldenCase c) {
    Tensor rm = x[1].clone();
    Tensor rv = x[2].clone();
    Tensor y =
        F.batchNorm(
            x[0], rm, rv, opt(x, 3), opt(x, 4), c.bool("training"), c.d("momentum"), c.d("eps"));
    return new Tensor[] {y, rm, rv};
  }
}
