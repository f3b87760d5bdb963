package jtorch.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import jtorch.DType;
import jtorch.Device;
import jtorch.Generator;
import jtorch.Slice;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.backend.Window2d;

/**
 * The float64 finite-difference checks of every differentiable op, each registered under the
 * signature it covers (as {@link GradCheckRegistryTest} derives them from {@link Tensor} and {@link
 * Torch}; those of {@link jtorch.nn.functional.F} are in {@link NnGradCheckCases}). Inputs are
 * contiguous, transposed ({@code t}), stepped slices ({@code s}) or of broadcasting shapes; values
 * come from a generator seeded per case.
 */
final class GradCheckCases {
  private GradCheckCases() {}

  /** How an input is made: values, memory layout, shape, and whether it requires grad. */
  record In(char values, char layout, long[] shape) {

    Tensor build(Generator g) {
      Tensor v =
          switch (values) {
            case 'r' -> Torch.randn(shape, DType.FLOAT64, g);
            case 'p' -> Torch.rand(shape, DType.FLOAT64, g).mul(1.5).add(0.5);
            case 'b' -> Torch.rand(shape, DType.FLOAT64, g).gt(0.5);
            case 'u' -> Torch.rand(shape, DType.FLOAT64, g).mul(0.9).add(0.05);
            default -> throw new IllegalArgumentException("values " + values);
          };
      Tensor t =
          switch (layout) {
            case 'c' -> v;
            case 't' -> v.transpose(-1, -2).contiguous().transpose(-1, -2);
            case 's' -> {
              long[] wide = shape.clone();
              long n = wide[wide.length - 1];
              wide[wide.length - 1] = 2 * n + 1;
              Tensor view = Torch.zeros(wide, v.dtype()).slice(-1, 1, 2 * n + 1, 2);
              view.copy_(v);
              yield view;
            }
            default -> throw new IllegalArgumentException("layout " + layout);
          };
      t = t.detach();
      return values == 'b' ? t : t.requiresGrad_();
    }

    @Override
    public String toString() {
      return (values == 'b' ? "mask" : "") + java.util.Arrays.toString(shape) + layout;
    }
  }

  /**
   * One check.
   *
   * @param op the signature covered, e.g. {@code add(Tensor)} or {@code Torch.cat(Tensor[],int)}
   * @param f the function of the inputs
   * @param inputs how to make the inputs
   * @param eps finite-difference step
   * @param atol absolute tolerance
   */
  record Case(String op, Function<Tensor[], Tensor> f, In[] inputs, double eps, double atol) {
    Tensor[] build() {
      Generator g = new Generator(name().hashCode());
      Tensor[] out = new Tensor[inputs.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = inputs[i].build(g);
      }
      return out;
    }

    String name() {
      return op + " " + java.util.Arrays.toString(inputs);
    }
  }

  static final List<Case> ALL = new ArrayList<>();

  private static void add(String op, Function<Tensor[], Tensor> f, In... inputs) {
    ALL.add(new Case(op, f, inputs, GradCheck.EPS, GradCheck.ATOL));
  }

  /** For ops that round through float32: a larger step and tolerance. */
  private static void addFloat32(String op, Function<Tensor[], Tensor> f, In... inputs) {
    ALL.add(new Case(op, f, inputs, 1e-3, 1e-3));
  }

  /** Standard normal, contiguous. */
  static In r(long... shape) {
    return new In('r', 'c', shape);
  }

  /** Standard normal, last two dims transposed in memory. */
  static In rt(long... shape) {
    return new In('r', 't', shape);
  }

  /** Standard normal, a stepped slice (stride 2 at offset 1) of a larger tensor. */
  static In rs(long... shape) {
    return new In('r', 's', shape);
  }

  /** Positive values in [0.5, 2). */
  static In p(long... shape) {
    return new In('p', 'c', shape);
  }

  /** Positive values, transposed. */
  static In pt(long... shape) {
    return new In('p', 't', shape);
  }

  /** Probabilities in [0.05, 0.95). */
  static In u(long... shape) {
    return new In('u', 'c', shape);
  }

  /** A bool mask (no grad). */
  static In mask(long... shape) {
    return new In('b', 'c', shape);
  }

  static {
    elementwise();
    scalars();
    reductions();
    linearAlgebra();
    views();
    conversions();
    inPlace();
    functional();
    windows();
    NnGradCheckCases.register(ALL);
  }

  private static void elementwise() {
    for (String op : new String[] {"add", "sub", "mul", "div", "maximum", "minimum"}) {
      Function<Tensor[], Tensor> f = binary(op);
      String sig = op + "(Tensor)";
      add(sig, f, r(2, 3), r(2, 3));
      add(sig, f, rt(3, 4), rs(3, 4));
      add(sig, f, r(2, 1, 3), r(4, 1));
      add(sig, f, r(), rt(2, 3));
      add("Torch." + op + "(Tensor,Tensor)", torchBinary(op), rs(2, 3), r(3));
    }
    add("add(Tensor,double)", x -> x[0].add(x[1], -2.5), rt(3, 2), r(2));
    add("pow(Tensor)", x -> x[0].pow(x[1]), p(2, 3), r(2, 3));
    add("pow(Tensor)", x -> x[0].pow(x[1]), pt(3, 3), rs(3, 3));
    add("pow(Tensor)", x -> x[0].pow(x[1]), p(3, 1), r(4));
    add("Torch.pow(Tensor,Tensor)", x -> Torch.pow(x[0], x[1]), p(4), r(4));
    String[] unary = {"neg", "abs", "sign", "exp", "relu", "sigmoid", "tanh"};
    for (String op : unary) {
      add(op + "()", x -> unary(op, x[0]), r(2, 3));
      add(op + "()", x -> unary(op, x[0]), rt(3, 4));
      add(op + "()", x -> unary(op, x[0]), rs(2, 3));
    }
    for (String op : new String[] {"log", "sqrt"}) {
      add(op + "()", x -> unary(op, x[0]), p(2, 3));
      add(op + "()", x -> unary(op, x[0]), pt(3, 4));
    }
    add("clamp(double,double)", x -> x[0].clamp(-0.5, 0.5), r(3, 4));
    add("clamp(double,double)", x -> x[0].clamp(-0.3, 0.8), rs(2, 5));
    add("clamp(long,long)", x -> x[0].clamp(-1L, 1L), rt(3, 4));
    add("clampMin(double)", x -> x[0].clampMin(0.2), r(2, 4));
    add("clampMin(long)", x -> x[0].clampMin(0L), rt(3, 2));
    add("clampMax(double)", x -> x[0].clampMax(-0.1), rs(2, 3));
    add("clampMax(long)", x -> x[0].clampMax(1L), r(5));
    add(
        "Torch.where(Tensor,Tensor,Tensor)",
        x -> Torch.where(x[0], x[1], x[2]),
        mask(2, 3),
        r(2, 3),
        r(3));
    add(
        "Torch.where(Tensor,Tensor,Tensor)",
        x -> Torch.where(x[0], x[1], x[2]),
        mask(3, 1),
        rt(1, 4),
        rs(3, 4));
    add(
        "Torch.where(Tensor,Tensor,double)",
        x -> Torch.where(x[0], x[1], 0.5),
        mask(2, 3),
        rt(2, 3));
  }

  private static void scalars() {
    add("add(double)", x -> x[0].add(2.5), rt(2, 3));
    add("add(long)", x -> x[0].add(3L), r(4));
    add("sub(double)", x -> x[0].sub(0.5), rs(2, 3));
    add("sub(long)", x -> x[0].sub(-2L), r(3));
    add("mul(double)", x -> x[0].mul(-1.5), rt(3, 2));
    add("mul(long)", x -> x[0].mul(3L), r(2, 2));
    add("div(double)", x -> x[0].div(0.25), rs(3, 2));
    add("div(long)", x -> x[0].div(7L), r(4));
    add("pow(double)", x -> x[0].pow(1.5), pt(2, 3));
    add("pow(double)", x -> x[0].pow(-0.5), p(4));
    add("pow(long)", x -> x[0].pow(3L), r(2, 3));
    add("pow(long)", x -> x[0].pow(-2L), p(3));
  }

  private static void reductions() {
    add("sum()", x -> x[0].sum(), rt(3, 4));
    add("sum()", x -> x[0].sum(), rs(2, 3));
    add("sum(int)", x -> x[0].sum(0), rt(3, 4));
    add("sum(int,boolean)", x -> x[0].sum(-1, true), rs(2, 3, 4));
    add("sum(int,boolean)", x -> x[0].sum(1, false), r(2, 3, 4));
    add("sum(int[],boolean)", x -> x[0].sum(new int[] {0, 2}, false), r(2, 3, 4));
    add("sum(int[],boolean)", x -> x[0].sum(new int[] {-1, 0}, true), rt(2, 3, 2));
    add("mean()", x -> x[0].mean(), rs(3, 4));
    add("mean(int)", x -> x[0].mean(1), rt(3, 4));
    add("mean(int,boolean)", x -> x[0].mean(0, true), r(3, 4));
    add("mean(int[],boolean)", x -> x[0].mean(new int[] {1, 2}, false), rs(2, 3, 2));
    add("max()", x -> x[0].max(), rt(3, 4));
    add("min()", x -> x[0].min(), rs(2, 5));
    add("max(int)", x -> x[0].max(1).values(), rt(3, 4));
    add("max(int,boolean)", x -> x[0].max(0, true).values(), rs(3, 4));
    add("max(int,boolean)", x -> x[0].max(-1, false).values(), r(2, 3, 4));
    add("min(int)", x -> x[0].min(0).values(), rt(4, 3));
    add("min(int,boolean)", x -> x[0].min(-1, true).values(), rs(2, 4));
    add("softmax(int)", x -> x[0].softmax(-1), r(3, 5));
    add("softmax(int)", x -> x[0].softmax(0), rt(3, 4));
    add("logSoftmax(int)", x -> x[0].logSoftmax(1), rs(3, 4));
    add("logSoftmax(int)", x -> x[0].logSoftmax(0), rt(2, 3, 4));
  }

  private static void linearAlgebra() {
    add("matmul(Tensor)", x -> x[0].matmul(x[1]), r(4), rs(4));
    add("matmul(Tensor)", x -> x[0].matmul(x[1]), rt(3, 4), r(4, 2));
    add("matmul(Tensor)", x -> x[0].matmul(x[1]), r(4), rt(4, 3));
    add("matmul(Tensor)", x -> x[0].matmul(x[1]), rs(3, 4), r(4));
    add("matmul(Tensor)", x -> x[0].matmul(x[1]), r(2, 1, 3, 4), rt(3, 4, 2));
    add("matmul(Tensor)", x -> x[0].matmul(x[1]), r(3), r(2, 3, 2));
    add("mm(Tensor)", x -> x[0].mm(x[1]), rt(3, 4), rs(4, 2));
    add("bmm(Tensor)", x -> x[0].bmm(x[1]), r(2, 3, 4), rt(2, 4, 2));
    add("Torch.matmul(Tensor,Tensor)", x -> Torch.matmul(x[0], x[1]), r(2, 3, 4), r(4, 2));
    add("Torch.mm(Tensor,Tensor)", x -> Torch.mm(x[0], x[1]), r(2, 3), rt(3, 3));
    add("Torch.bmm(Tensor,Tensor)", x -> Torch.bmm(x[0], x[1]), rs(2, 2, 3), r(2, 3, 2));
    add("Torch.cat(Tensor[],int)", x -> Torch.cat(x, 1), rt(2, 3), r(2, 2), rs(2, 1));
    add("Torch.cat(Tensor[])", Torch::cat, r(2, 3), rt(1, 3));
    add("Torch.stack(Tensor[],int)", x -> Torch.stack(x, -1), rt(3, 2), rs(3, 2));
    add("Torch.stack(Tensor[])", Torch::stack, r(2, 2), rt(2, 2), rs(2, 2));
  }

  private static void views() {
    add("get(long[])", x -> x[0].get(1), rt(3, 4));
    add("get(long[])", x -> x[0].get(2, -1), rs(3, 4));
    add("index(Object[])", x -> x[0].index(Slice.of(1, 4, 2), Slice.NONE, 1), rt(4, 3));
    add("index(Object[])", x -> x[0].index(Slice.ELLIPSIS, Slice.from(-2)), rs(2, 3, 4));
    add("select(int,long)", x -> x[0].select(-1, 1), rt(3, 4));
    add("narrow(int,long,long)", x -> x[0].narrow(0, 1, 2), rs(4, 3));
    add("slice(int,long,long,long)", x -> x[0].slice(1, 0, 5, 2), r(3, 5));
    add("slice(int,long,long,long)", x -> x[0].slice(0, 1, 4, 2), rt(4, 3));
    add("view(long[])", x -> x[0].view(3, 4), r(2, 6));
    add("view(long[])", x -> x[0].view(2, 2, -1), rt(4, 3));
    add("reshape(long[])", x -> x[0].reshape(12), rt(3, 4));
    add("reshape(long[])", x -> x[0].reshape(2, 1, 3), rs(2, 3));
    add("viewAs(Tensor)", x -> x[0].viewAs(Torch.zeros(3, 2)), r(2, 3));
    add("transpose(int,int)", x -> x[0].transpose(0, 2), rs(2, 3, 4));
    add("t()", x -> x[0].t(), rt(3, 4));
    add("t()", x -> x[0].t(), r(3));
    add("permute(int[])", x -> x[0].permute(2, 0, 1), rt(2, 3, 4));
    add("expand(long[])", x -> x[0].expand(2, 3, 4), r(3, 1));
    add("expand(long[])", x -> x[0].expand(4, -1), rs(1, 3));
    add("expandAs(Tensor)", x -> x[0].expandAs(Torch.zeros(2, 3)), rs(1, 3));
    add("squeeze()", x -> x[0].squeeze(), rs(1, 3, 1, 2));
    add("squeeze(int)", x -> x[0].squeeze(1), rt(2, 1, 3));
    add("unsqueeze(int)", x -> x[0].unsqueeze(1), rs(2, 3));
    add("flatten()", x -> x[0].flatten(), rt(2, 3, 4));
    add("flatten(int,int)", x -> x[0].flatten(1, 2), rs(2, 3, 2));
    add("contiguous()", x -> x[0].contiguous(), rt(3, 4));
    add("contiguous()", x -> x[0].contiguous(), rs(2, 3));
    add("clone()", x -> x[0].clone(), rt(3, 2));
    add("Torch.transpose(Tensor,int,int)", x -> Torch.transpose(x[0], 0, 1), rs(2, 3));
    add("Torch.reshape(Tensor,long[])", x -> Torch.reshape(x[0], 3, 2), rt(2, 3));
    add("Torch.flatten(Tensor,int,int)", x -> Torch.flatten(x[0], 0, 1), rt(2, 3, 2));
  }

  private static void conversions() {
    add("to(DType)", x -> x[0].to(DType.FLOAT64), rt(2, 3));
    addFloat32(
        "to(DType)", x -> x[0].to(DType.FLOAT32).mul(x[0].to(DType.FLOAT32)).toDouble(), rs(2, 3));
    add("to(Device)", x -> x[0].to(Device.CPU), rt(3, 2));
    add("to(String)", x -> x[0].to("cpu"), r(3));
    add("to(Device,DType)", x -> x[0].to(Device.CPU, DType.FLOAT64), rs(2, 2));
    add("to(Device,boolean)", x -> x[0].to(Device.CPU, true), rt(3, 2));
    add("to(String,boolean)", x -> x[0].to("cpu", true), r(3));
    add("cpu()", x -> x[0].cpu(), rt(2, 3));
    addFloat32("toFloat()", x -> x[0].toFloat().exp().toDouble(), r(2, 3));
    add("toDouble()", x -> x[0].toDouble().tanh(), rt(2, 2));
  }

  private static void inPlace() {
    add("add_(Tensor)", x -> x[0].mul(1.0).add_(x[1]), rt(2, 3), r(3));
    add("add_(double)", x -> x[0].mul(1.0).add_(2.5), rs(2, 3));
    add("add_(Tensor,double)", x -> x[0].mul(1.0).add_(x[1], -2.0), r(2, 3), rt(2, 3));
    add("sub_(Tensor)", x -> x[0].mul(1.0).sub_(x[1]), rs(2, 3), rt(2, 3));
    add("sub_(double)", x -> x[0].mul(1.0).sub_(0.5), r(4));
    add("mul_(Tensor)", x -> x[0].mul(1.0).mul_(x[1]), rt(3, 3), r(3, 1));
    add("mul_(double)", x -> x[0].mul(1.0).mul_(-3.0), rs(2, 2));
    add("div_(Tensor)", x -> x[0].mul(1.0).div_(x[1]), r(2, 3), pt(2, 3));
    add("div_(double)", x -> x[0].mul(1.0).div_(4.0), rt(2, 3));
    add("copy_(Tensor)", x -> Torch.zeros(new long[] {2, 3}, DType.FLOAT64).copy_(x[0]), rt(2, 3));
    add("copy_(Tensor)", x -> Torch.zeros(new long[] {2, 3}, DType.FLOAT64).copy_(x[0]), rs(3));
  }

  /** Functional twins in {@link Torch} of one-operand Tensor methods. */
  private static void functional() {
    add("Torch.neg(Tensor)", x -> Torch.neg(x[0]), rt(2, 3));
    add("Torch.abs(Tensor)", x -> Torch.abs(x[0]), rs(2, 3));
    add("Torch.exp(Tensor)", x -> Torch.exp(x[0]), r(4));
    add("Torch.log(Tensor)", x -> Torch.log(x[0]), pt(2, 3));
    add("Torch.sqrt(Tensor)", x -> Torch.sqrt(x[0]), p(4));
    add("Torch.relu(Tensor)", x -> Torch.relu(x[0]), rt(3, 2));
    add("Torch.sigmoid(Tensor)", x -> Torch.sigmoid(x[0]), rs(2, 3));
    add("Torch.tanh(Tensor)", x -> Torch.tanh(x[0]), r(5));
    add("Torch.clamp(Tensor,double,double)", x -> Torch.clamp(x[0], -0.5, 0.5), rt(3, 3));
    add("Torch.clamp(Tensor,long,long)", x -> Torch.clamp(x[0], -1L, 1L), rs(2, 4));
    add("Torch.sum(Tensor)", x -> Torch.sum(x[0]), rt(2, 3));
    add("Torch.sum(Tensor,int,boolean)", x -> Torch.sum(x[0], 1, true), rs(2, 3));
    add("Torch.mean(Tensor)", x -> Torch.mean(x[0]), rt(3, 2));
    add("Torch.mean(Tensor,int,boolean)", x -> Torch.mean(x[0], 0, false), r(3, 2));
    add("Torch.max(Tensor)", x -> Torch.max(x[0]), rs(2, 3));
    add("Torch.max(Tensor,int,boolean)", x -> Torch.max(x[0], 1, false).values(), rt(3, 4));
    add("Torch.min(Tensor)", x -> Torch.min(x[0]), rt(3, 2));
    add("Torch.softmax(Tensor,int)", x -> Torch.softmax(x[0], 1), rs(2, 3));
    add("Torch.logSoftmax(Tensor,int)", x -> Torch.logSoftmax(x[0], -1), rt(3, 4));
  }

  /** Indexing and sliding-window primitives (the layers' building blocks). */
  private static void windows() {
    Tensor idx = Torch.tensor(new long[][] {{0, 2, 2}, {1, 1, 0}});
    add("gather(int,Tensor)", x -> x[0].gather(1, idx), rt(2, 3));
    add("gather(int,Tensor)", x -> x[0].gather(0, idx), rs(3, 4));
    add("Torch.gather(Tensor,int,Tensor)", x -> Torch.gather(x[0], 1, idx), r(2, 4));
    add("scatterAdd(int,Tensor,Tensor)", x -> x[0].scatterAdd(1, idx, x[1]), rt(2, 3), r(2, 3));
    add("scatterAdd(int,Tensor,Tensor)", x -> x[0].scatterAdd(0, idx, x[1]), r(3, 3), rs(2, 3));
    Window2d k2 = new Window2d(2, 2, 1, 1, 1, 1, 1, 1);
    Window2d k3 = new Window2d(3, 2, 2, 1, 0, 1, 1, 2);
    add("Torch.im2col(Tensor,Window2d)", x -> Torch.im2col(x[0], k2), r(2, 2, 3, 4));
    add("Torch.im2col(Tensor,Window2d)", x -> Torch.im2col(x[0], k3), rt(1, 2, 5, 4));
    long[] image = {1, 2, 4, 3};
    long cols = k2.outH(image[2]) * k2.outW(image[3]);
    add("Torch.col2im(Tensor,long[],Window2d)", x -> Torch.col2im(x[0], image, k2), r(1, 8, cols));
    add("Torch.col2im(Tensor,long[],Window2d)", x -> Torch.col2im(x[0], image, k2), rs(1, 8, cols));
    String conv = "Torch.conv2d(Tensor,Tensor,Tensor,Window2d,int)";
    Window2d k3s = new Window2d(3, 2, 2, 1, 1, 0, 1, 2);
    add(conv, x -> Torch.conv2d(x[0], x[1], x[2], k3s, 1), r(2, 2, 5, 5), r(3, 2, 3, 2), r(3));
    add(conv, x -> Torch.conv2d(x[0], x[1], null, k2, 2), rt(1, 4, 4, 3), rs(4, 2, 2, 2));
    add(conv, x -> Torch.conv2d(x[0], x[1], x[2], k2, 1), rs(3, 1, 3, 4), rt(2, 1, 2, 2), r(2));
    String convRelu = "Torch.conv2dRelu(Tensor,Tensor,Tensor,Window2d,int)";
    add(
        convRelu,
        x -> Torch.conv2dRelu(x[0], x[1], x[2], k3s, 1),
        rt(2, 2, 5, 5),
        r(3, 2, 3, 2),
        r(3));
    add(convRelu, x -> Torch.conv2dRelu(x[0], x[1], null, k2, 2), rs(1, 4, 4, 3), rt(4, 2, 2, 2));
    add(
        convRelu,
        x -> Torch.conv2dRelu(x[0].expand(3, 2, 4, 4), x[1], x[2].expand(3), k2, 1),
        r(1, 2, 4, 4),
        rs(3, 2, 2, 2),
        r(1));
    Window2d pool = new Window2d(2, 2, 2, 2, 0, 0, 1, 1);
    Window2d overlap = new Window2d(3, 3, 1, 2, 1, 1, 1, 1);
    String convPool = "Torch.conv2dReluMaxPool2d(Tensor,Tensor,Tensor,Window2d,int,Window2d)";
    add(
        convPool,
        x -> Torch.conv2dReluMaxPool2d(x[0], x[1], x[2], k2, 1, pool),
        rt(2, 2, 5, 5),
        r(3, 2, 2, 2),
        r(3));
    add(
        convPool,
        x -> Torch.conv2dReluMaxPool2d(x[0], x[1], null, k3s, 2, overlap),
        rs(1, 4, 6, 5),
        rt(4, 2, 3, 2));
    add(
        "Torch.maxPool2dWithIndices(Tensor,Window2d)",
        x -> Torch.maxPool2dWithIndices(x[0], pool).values(),
        rt(2, 1, 4, 4));
    add(
        "Torch.maxPool2dWithIndices(Tensor,Window2d)",
        x -> Torch.maxPool2dWithIndices(x[0], overlap).values(),
        rs(1, 2, 3, 5));
  }

  private static Function<Tensor[], Tensor> binary(String op) {
    return switch (op) {
      case "add" -> x -> x[0].add(x[1]);
      case "sub" -> x -> x[0].sub(x[1]);
      case "mul" -> x -> x[0].mul(x[1]);
      case "div" -> x -> x[0].div(x[1]);
      case "maximum" -> x -> x[0].maximum(x[1]);
      case "minimum" -> x -> x[0].minimum(x[1]);
      default -> throw new IllegalArgumentException(op);
    };
  }

  private static Function<Tensor[], Tensor> torchBinary(String op) {
    return switch (op) {
      case "add" -> x -> Torch.add(x[0], x[1]);
      case "sub" -> x -> Torch.sub(x[0], x[1]);
      case "mul" -> x -> Torch.mul(x[0], x[1]);
      case "div" -> x -> Torch.div(x[0], x[1]);
      case "maximum" -> x -> Torch.maximum(x[0], x[1]);
      case "minimum" -> x -> Torch.minimum(x[0], x[1]);
      default -> throw new IllegalArgumentException(op);
    };
  }

  private static Tensor unary(String op, Tensor x) {
    return switch (op) {
      case "neg" -> x.neg();
      case "abs" -> x.abs();
      case "sign" -> x.sign();
      case "exp" -> x.exp();
      case "log" -> x.log();
      case "sqrt" -> x.sqrt();
      case "relu" -> x.relu();
      case "sigmoid" -> x.sigmoid();
      case "tanh" -> x.tanh();
      default -> throw new IllegalArgumentException(op);
    };
  }
}
