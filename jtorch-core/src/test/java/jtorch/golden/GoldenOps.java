package jtorch.golden;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jtorch.Slice;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.backend.Window2d;

/**
 * The jtorch side of every op in the golden files: one line per op, under the name the generator
 * ({@code tools/golden/generate.py}, its {@code OPS} table) uses for the PyTorch side. A Python int
 * argument maps to the Java {@code long} overload, a Python float to {@code double}.
 */
final class GoldenOps {
  private GoldenOps() {}

  static final Map<String, Golden.Op> ALL = new LinkedHashMap<>();

  private static void op(String name, Golden.Op op) {
    if (ALL.put(name, op) != null) {
      throw new IllegalStateException("op " + name + " registered twice");
    }
  }

  /** {@code x op s} with the overload PyTorch's Python number type selects. */
  private interface ScalarOp {
    Tensor apply(Tensor x, long l, double d, boolean isLong);
  }

  private static Golden.Op scalar(ScalarOp f) {
    return (x, c) -> f.apply(x[0], c.isLong("s") ? c.l("s") : 0, c.d("s"), c.isLong("s"));
  }

  static {
    // elementwise, tensor operands
    op("add", (x, c) -> x[0].add(x[1]));
    op("add_alpha", (x, c) -> x[0].add(x[1], c.d("alpha")));
    op("sub", (x, c) -> x[0].sub(x[1]));
    op("mul", (x, c) -> x[0].mul(x[1]));
    op("div", (x, c) -> x[0].div(x[1]));
    op("pow", (x, c) -> x[0].pow(x[1]));
    op("maximum", (x, c) -> x[0].maximum(x[1]));
    op("minimum", (x, c) -> x[0].minimum(x[1]));
    op("eq", (x, c) -> x[0].eq(x[1]));
    op("ne", (x, c) -> x[0].ne(x[1]));
    op("lt", (x, c) -> x[0].lt(x[1]));
    op("le", (x, c) -> x[0].le(x[1]));
    op("gt", (x, c) -> x[0].gt(x[1]));
    op("ge", (x, c) -> x[0].ge(x[1]));
    op("logicalAnd", (x, c) -> x[0].logicalAnd(x[1]));
    op("logicalOr", (x, c) -> x[0].logicalOr(x[1]));
    op("where", (x, c) -> Torch.where(x[0], x[1], x[2]));

    // elementwise, Java scalars (wrapped numbers)
    op("add_scalar", scalar((t, l, d, isLong) -> isLong ? t.add(l) : t.add(d)));
    op("sub_scalar", scalar((t, l, d, isLong) -> isLong ? t.sub(l) : t.sub(d)));
    op("mul_scalar", scalar((t, l, d, isLong) -> isLong ? t.mul(l) : t.mul(d)));
    op("div_scalar", scalar((t, l, d, isLong) -> isLong ? t.div(l) : t.div(d)));
    op("pow_scalar", scalar((t, l, d, isLong) -> isLong ? t.pow(l) : t.pow(d)));
    op("eq_scalar", (x, c) -> x[0].eq(c.d("s")));
    op("ne_scalar", (x, c) -> x[0].ne(c.d("s")));
    op("lt_scalar", (x, c) -> x[0].lt(c.d("s")));
    op("le_scalar", (x, c) -> x[0].le(c.d("s")));
    op("gt_scalar", (x, c) -> x[0].gt(c.d("s")));
    op("ge_scalar", (x, c) -> x[0].ge(c.d("s")));
    op("where_scalar", (x, c) -> Torch.where(x[0], x[1], c.d("s")));

    // elementwise, one operand
    op("neg", (x, c) -> x[0].neg());
    op("abs", (x, c) -> x[0].abs());
    op("sign", (x, c) -> x[0].sign());
    op("exp", (x, c) -> x[0].exp());
    op("log", (x, c) -> x[0].log());
    op("sqrt", (x, c) -> x[0].sqrt());
    op("relu", (x, c) -> x[0].relu());
    op("sigmoid", (x, c) -> x[0].sigmoid());
    op("tanh", (x, c) -> x[0].tanh());
    op("logicalNot", (x, c) -> x[0].logicalNot());
    op(
        "clamp",
        (x, c) ->
            c.isLong("min")
                ? x[0].clamp(c.l("min"), c.l("max"))
                : x[0].clamp(c.d("min"), c.d("max")));
    op(
        "clampMin",
        (x, c) -> c.isLong("min") ? x[0].clampMin(c.l("min")) : x[0].clampMin(c.d("min")));
    op(
        "clampMax",
        (x, c) -> c.isLong("max") ? x[0].clampMax(c.l("max")) : x[0].clampMax(c.d("max")));

    // reductions
    op("sum", (x, c) -> x[0].sum());
    op("sum_dim", (x, c) -> x[0].sum(c.i("dim"), c.bool("keepdim")));
    op("sum_dims", (x, c) -> x[0].sum(c.ints("dims"), c.bool("keepdim")));
    op("mean", (x, c) -> x[0].mean());
    op("mean_dim", (x, c) -> x[0].mean(c.i("dim"), c.bool("keepdim")));
    op("mean_dims", (x, c) -> x[0].mean(c.ints("dims"), c.bool("keepdim")));
    op("max", (x, c) -> x[0].max());
    op("min", (x, c) -> x[0].min());
    op("max_dim", (x, c) -> x[0].max(c.i("dim"), c.bool("keepdim")));
    op("min_dim", (x, c) -> x[0].min(c.i("dim"), c.bool("keepdim")));
    op("argmax", (x, c) -> x[0].argmax());
    op("argmin", (x, c) -> x[0].argmin());
    op("argmax_dim", (x, c) -> x[0].argmax(c.i("dim"), c.bool("keepdim")));
    op("argmin_dim", (x, c) -> x[0].argmin(c.i("dim"), c.bool("keepdim")));
    op("softmax", (x, c) -> x[0].softmax(c.i("dim")));
    op("logSoftmax", (x, c) -> x[0].logSoftmax(c.i("dim")));

    // linear algebra and joining
    op("matmul", (x, c) -> x[0].matmul(x[1]));
    op("mm", (x, c) -> x[0].mm(x[1]));
    op("bmm", (x, c) -> x[0].bmm(x[1]));
    op("cat", (x, c) -> Torch.cat(x, c.i("dim")));
    op("stack", (x, c) -> Torch.stack(x, c.i("dim")));

    // views and copies
    op("view", (x, c) -> x[0].view(c.longs("shape")));
    op("reshape", (x, c) -> x[0].reshape(c.longs("shape")));
    op("viewAs", (x, c) -> x[0].viewAs(x[1]));
    op("transpose", (x, c) -> x[0].transpose(c.i("dim0"), c.i("dim1")));
    op("t", (x, c) -> x[0].t());
    op("permute", (x, c) -> x[0].permute(c.ints("dims")));
    op("expand", (x, c) -> x[0].expand(c.longs("sizes")));
    op("expandAs", (x, c) -> x[0].expandAs(x[1]));
    op("squeeze", (x, c) -> x[0].squeeze());
    op("squeeze_dim", (x, c) -> x[0].squeeze(c.i("dim")));
    op("unsqueeze", (x, c) -> x[0].unsqueeze(c.i("dim")));
    op("flatten", (x, c) -> x[0].flatten());
    op("flatten_range", (x, c) -> x[0].flatten(c.i("start"), c.i("end")));
    op("select", (x, c) -> x[0].select(c.i("dim"), c.l("index")));
    op("narrow", (x, c) -> x[0].narrow(c.i("dim"), c.l("start"), c.l("length")));
    op("slice", (x, c) -> x[0].slice(c.i("dim"), c.l("start"), c.l("stop"), c.l("step")));
    op("index", (x, c) -> x[0].index(indices(c.str("spec"))));
    op("get", (x, c) -> x[0].get(c.longs("indices")));
    op("contiguous", (x, c) -> x[0].contiguous());
    op("to", (x, c) -> x[0].to(c.dtype("dtype")));
    op("clone", (x, c) -> x[0].clone());

    // in place (on a clone, so that gradients flow to the leaf as in PyTorch)
    op("add_", (x, c) -> x[0].clone().add_(x[1]));
    op("sub_", (x, c) -> x[0].clone().sub_(x[1]));
    op("mul_", (x, c) -> x[0].clone().mul_(x[1]));
    op("div_", (x, c) -> x[0].clone().div_(x[1]));
    op("add_alpha_", (x, c) -> x[0].clone().add_(x[1], c.d("alpha")));
    op("add_scalar_", (x, c) -> x[0].clone().add_(c.d("s")));
    op("sub_scalar_", (x, c) -> x[0].clone().sub_(c.d("s")));
    op("mul_scalar_", (x, c) -> x[0].clone().mul_(c.d("s")));
    op("div_scalar_", (x, c) -> x[0].clone().div_(c.d("s")));

    op("copy_", (x, c) -> Torch.zeros(c.longs("shape"), c.dtype("dtype")).copy_(x[0]));
    op("fill_", (x, c) -> x[0].clone().fill_(c.d("s")));
    op("zero_", (x, c) -> x[0].clone().zero_());

    // indexing and sliding windows
    op("gather", (x, c) -> x[0].gather(c.i("dim"), x[1]));
    op("scatterAdd", (x, c) -> x[0].scatterAdd(c.i("dim"), x[1], x[2]));
    op("im2col", (x, c) -> Torch.im2col(x[0], window(c)));
    op("col2im", (x, c) -> Torch.col2im(x[0], c.longs("size"), window(c)));
    op("maxPool2dWithIndices", (x, c) -> Torch.maxPool2dWithIndices(x[0], window(c)));

    // creation
    op("arange", (x, c) -> Torch.arange(c.l("end")));
    op(
        "arange_range",
        (x, c) -> Torch.arange(c.d("start"), c.d("end"), c.d("step"), c.dtype("dtype")));
  }

  /** The {@code window} argument: kernel, stride, padding and dilation, (height, width) each. */
  private static Window2d window(GoldenCase c) {
    int[] w = c.ints("window");
    return new Window2d(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]);
  }

  /** Parses an index spec such as {@code 1:4:2,None,...,0} into {@link Tensor#index} arguments. */
  static Object[] indices(String spec) {
    List<Object> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      if (part.equals("None")) {
        out.add(Slice.NONE);
      } else if (part.equals("...")) {
        out.add(Slice.ELLIPSIS);
      } else if (part.contains(":")) {
        String[] b = part.split(":", -1);
        Long start = b[0].isEmpty() ? null : Long.parseLong(b[0]);
        Long stop = b.length > 1 && !b[1].isEmpty() ? Long.parseLong(b[1]) : null;
        long step = b.length > 2 && !b[2].isEmpty() ? Long.parseLong(b[2]) : 1;
        out.add(new Slice(start, stop, step));
      } else {
        out.add(Long.parseLong(part));
      }
    }
    return out.toArray();
  }
}
