package jtorch.golden;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import jtorch.DType;
import jtorch.Device;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.ValuesIndices;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;

/**
 * The one test helper of the golden tests (as tinygrad's {@code helper_test_op}): builds a case's
 * inputs in jtorch exactly as the generator built them in PyTorch (dtype, shape, memory layout,
 * requires-grad), runs the op, and compares the outputs and the gradients of every input that
 * requires grad (after {@code backward(upstream)}) with PyTorch's.
 *
 * <p>Tolerances by dtype: float64 1e-12 (relative and absolute), float32 1e-5 relative and 1e-6
 * absolute, float16 and bfloat16 at most one unit in the last place (or bit-exact where the test
 * asks for it), integers and bool exact. Dtype and shape must match exactly, and strides and
 * storage offset too for view ops.
 */
public final class Golden {
  private Golden() {}

  /** The ops of {@code ops.golden} ({@link GoldenOps}), for other modules' runs of the cases. */
  public static Map<String, Op> tensorOps() {
    return java.util.Collections.unmodifiableMap(GoldenOps.ALL);
  }

  /** The ops of {@code nn.golden} ({@link GoldenNnOps}). */
  public static Map<String, Op> nnOps() {
    return java.util.Collections.unmodifiableMap(GoldenNnOps.ALL);
  }

  /** An op under test: gets the built inputs and the case (for its arguments). */
  @FunctionalInterface
  public interface Op {
    /** Returns a Tensor, a Tensor[], a {@link ValuesIndices}, or null (no tensor outputs). */
    Object apply(Tensor[] x, GoldenCase c) throws Exception;
  }

  /**
   * One dynamic test per case of {@code file} (under {@code golden/}), plus one that fails when an
   * op of {@code ops} has no case or a case's op has no lambda.
   */
  public static Stream<DynamicTest> tests(String file, Map<String, Op> ops) {
    return tests(file, ops, 1);
  }

  /** As {@link #tests(String, Map)}, allowing {@code halfUlps} (0: bit-exact) for 16-bit floats. */
  public static Stream<DynamicTest> tests(String file, Map<String, Op> ops, int halfUlps) {
    return tests(file, ops, halfUlps, Device.CPU);
  }

  /**
   * As {@link #tests(String, Map, int)} with the inputs (and the upstream gradient) on {@code
   * device}: how jtorch-cuda runs the golden cases on a GPU. Outputs must stay on that device.
   */
  public static Stream<DynamicTest> tests(
      String file, Map<String, Op> ops, int halfUlps, Device device) {
    List<GoldenCase> cases = GoldenCase.load("golden/" + file);
    List<DynamicTest> tests = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (GoldenCase c : cases) {
      used.add(c.op());
      tests.add(
          DynamicTest.dynamicTest(c.name(), () -> check(c, ops.get(c.op()), halfUlps, device)));
    }
    tests.add(
        DynamicTest.dynamicTest(
            "every op has a golden case",
            () -> {
              Set<String> unused = new java.util.TreeSet<>(ops.keySet());
              unused.removeAll(used);
              if (!unused.isEmpty()) {
                throw new AssertionFailedError(
                    "ops without a case in "
                        + file
                        + ": "
                        + unused
                        + "; add cases to tools/golden/generate.py and regenerate");
              }
            }));
    return tests.stream();
  }

  /**
   * Runs one case against {@code op} and compares everything PyTorch recorded, allowing {@code
   * halfUlps} units in the last place for float16 and bfloat16.
   */
  public static void check(GoldenCase c, Op op, int halfUlps) throws Exception {
    check(c, op, halfUlps, Device.CPU);
  }

  /** As {@link #check(GoldenCase, Op, int)} with the inputs on {@code device}. */
  public static void check(GoldenCase c, Op op, int halfUlps, Device device) throws Exception {
    if (op == null) {
      throw new AssertionFailedError(
          c.name() + ": no Java lambda for op '" + c.op() + "'; register it in the test");
    }
    Tensor[] x = new Tensor[c.inputs().size()];
    for (int k = 0; k < x.length; k++) {
      x[k] = input(c.inputs().get(k), device);
    }
    Object result;
    try {
      result = op.apply(x, c);
    } catch (RuntimeException e) {
      if (c.error() != null) {
        return;
      }
      throw new AssertionFailedError(c.name() + ": jtorch threw but PyTorch did not: " + e, e);
    }
    if (c.error() != null) {
      throw new AssertionFailedError(
          c.name() + ": PyTorch raises \"" + c.error() + "\" but jtorch returned " + result);
    }
    Tensor[] outs = outputs(result);
    if (outs.length != c.outputs().size()) {
      throw new AssertionFailedError(
          c.name() + ": expected " + c.outputs().size() + " outputs, got " + outs.length);
    }
    for (int k = 0; k < outs.length; k++) {
      GoldenCase.Spec want = c.outputs().get(k);
      if (!outs[k].device().equals(device)) {
        throw new AssertionFailedError(
            c.name()
                + ": output "
                + want.name()
                + " is on "
                + outs[k].device()
                + ", not "
                + device);
      }
      assertTensor(c.name() + ": output " + want.name(), want, outs[k], halfUlps);
      if (want.stride() != null) {
        assertView(c.name() + ": output " + want.name(), want, outs[k]);
      }
    }
    if (c.upstream() == null) {
      return;
    }
    if (!outs[0].requiresGrad()) {
      throw new AssertionFailedError(
          c.name() + ": output does not require grad, but PyTorch's output does");
    }
    outs[0].backward(values(c.upstream()).to(device));
    for (int k = 0; k < x.length; k++) {
      GoldenCase.Spec in = c.inputs().get(k);
      if (!in.requiresGrad()) {
        continue;
      }
      if (!c.grads().containsKey(in.name())) {
        throw new AssertionFailedError(c.name() + ": no expected grad for input " + in.name());
      }
      GoldenCase.Spec want = c.grads().get(in.name());
      Tensor got = x[k].grad();
      if (want == null) {
        if (got != null) {
          throw new AssertionFailedError(
              c.name() + ": grad of " + in.name() + " is None in PyTorch, got " + got);
        }
        continue;
      }
      if (got == null) {
        throw new AssertionFailedError(c.name() + ": input " + in.name() + " got no gradient");
      }
      assertTensor(c.name() + ": grad of " + in.name(), want, got, halfUlps);
    }
  }

  // ---- building inputs --------------------------------------------------------------------------

  /** A contiguous tensor of the spec's dtype, shape and values. */
  public static Tensor values(GoldenCase.Spec s) {
    Tensor flat =
        s.dtype().isFloatingPoint()
            ? Torch.tensor(s.doubles(), s.dtype())
            : Torch.tensor(s.longs(), s.dtype());
    return flat.reshape(s.shape());
  }

  /** The input as the generator built it: same values, same memory layout, a leaf. */
  public static Tensor input(GoldenCase.Spec s) {
    return input(s, Device.CPU);
  }

  /** {@link #input(GoldenCase.Spec)} built on {@code device}, layout included. */
  public static Tensor input(GoldenCase.Spec s, Device device) {
    Tensor logical = values(s).to(device);
    Tensor t =
        switch (s.layout()) {
          case 'c' -> logical;
          case 't' -> logical.transpose(-1, -2).contiguous().transpose(-1, -2);
          case 's' -> {
            long[] shape = s.shape().clone();
            long n = shape[shape.length - 1];
            shape[shape.length - 1] = 2 * n + 1;
            Tensor view = Torch.zeros(shape, s.dtype(), device).slice(-1, 1, 2 * n + 1, 2);
            view.copy_(logical);
            yield view;
          }
          default -> throw new IllegalArgumentException("unknown layout " + s.layout());
        };
    t = t.detach();
    if (s.requiresGrad()) {
      t.requiresGrad_();
    }
    return t;
  }

  private static Tensor[] outputs(Object result) {
    if (result == null) {
      return new Tensor[0];
    }
    if (result instanceof Tensor t) {
      return new Tensor[] {t};
    }
    if (result instanceof Tensor[] ts) {
      return ts;
    }
    if (result instanceof ValuesIndices vi) {
      return new Tensor[] {vi.values(), vi.indices()};
    }
    throw new IllegalArgumentException("op returned " + result.getClass().getSimpleName());
  }

  // ---- comparing --------------------------------------------------------------------------------

  /** Asserts dtype, shape and values of {@code got} against {@code want}, with dtype tolerances. */
  public static void assertTensor(String what, GoldenCase.Spec want, Tensor got, int halfUlps) {
    if (got.dtype() != want.dtype()) {
      throw new AssertionFailedError(
          what + ": dtype " + got.dtype() + ", PyTorch gives " + want.dtype(),
          want.dtype(),
          got.dtype());
    }
    if (!Arrays.equals(got.shape().toArray(), want.shape())) {
      throw new AssertionFailedError(
          what + ": shape " + got.shape() + ", PyTorch gives " + Arrays.toString(want.shape()));
    }
    if (want.dtype().isFloatingPoint()) {
      compareFloats(what, want, got, halfUlps);
    } else {
      long[] e = want.longs();
      long[] a = got.toLongArray();
      for (int i = 0; i < e.length; i++) {
        if (e[i] != a[i]) {
          throw new AssertionFailedError(
              what
                  + " at "
                  + position(want.shape(), i)
                  + ": expected "
                  + e[i]
                  + " but was "
                  + a[i]
                  + "\n  expected "
                  + Arrays.toString(e)
                  + "\n  actual   "
                  + Arrays.toString(a));
        }
      }
    }
  }

  private static void compareFloats(String what, GoldenCase.Spec want, Tensor got, int halfUlps) {
    double[] e = want.doubles();
    double[] a = got.toDoubleArray();
    DType t = want.dtype();
    int bad = 0;
    int worst = -1;
    double worstScore = 1;
    for (int i = 0; i < e.length; i++) {
      double score = mismatch(t, e[i], a[i], halfUlps);
      if (score > 1) {
        bad++;
        if (score > worstScore) {
          worstScore = score;
          worst = i;
        }
      }
    }
    if (bad > 0) {
      throw new AssertionFailedError(
          String.format(
              "%s: %d of %d elements differ beyond the %s tolerance; worst at %s: expected %s but"
                  + " was %s%n  expected %s%n  actual   %s",
              what,
              bad,
              e.length,
              t,
              position(want.shape(), worst),
              e[worst],
              a[worst],
              Arrays.toString(e),
              Arrays.toString(a)));
    }
  }

  /** How far {@code a} is from {@code e} in units of the dtype's tolerance (> 1 fails). */
  static double mismatch(DType t, double e, double a, int halfUlps) {
    if (Double.isNaN(e) || Double.isNaN(a)) {
      return Double.isNaN(e) && Double.isNaN(a) ? 0 : Double.POSITIVE_INFINITY;
    }
    if (Double.isInfinite(e) || Double.isInfinite(a)) {
      return e == a ? 0 : Double.POSITIVE_INFINITY;
    }
    return switch (t) {
      case FLOAT64 -> Math.abs(a - e) / (1e-12 + 1e-12 * Math.abs(e));
      case FLOAT32 -> Math.abs(a - e) / (1e-6 + 1e-5 * Math.abs(e));
      case FLOAT16 -> Math.abs(halfOrder(a) - halfOrder(e)) / Math.max(halfUlps, 0.5);
      case BFLOAT16 -> Math.abs(bf16Order(a) - bf16Order(e)) / Math.max(halfUlps, 0.5);
      default -> throw new IllegalArgumentException(t.toString());
    };
  }

  /** Half bits mapped to integers in value order (so neighbours differ by 1, -0 == +0). */
  private static int halfOrder(double v) {
    short h = Float.floatToFloat16((float) v);
    int mag = h & 0x7fff;
    return (h & 0x8000) != 0 ? -mag : mag;
  }

  private static int bf16Order(double v) {
    int bits = Float.floatToRawIntBits((float) v) >>> 16;
    int mag = bits & 0x7fff;
    return (bits & 0x8000) != 0 ? -mag : mag;
  }

  private static void assertView(String what, GoldenCase.Spec want, Tensor got) {
    if (!Arrays.equals(got.stride(), want.stride()) || got.storageOffset() != want.offset()) {
      throw new AssertionFailedError(
          what
              + ": stride "
              + Arrays.toString(got.stride())
              + " offset "
              + got.storageOffset()
              + ", PyTorch gives stride "
              + Arrays.toString(want.stride())
              + " offset "
              + want.offset());
    }
  }

  private static String position(long[] shape, int flat) {
    long[] idx = new long[shape.length];
    long rem = flat;
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = rem % shape[d];
      rem /= shape[d];
    }
    return Arrays.toString(idx);
  }
}
