package jtorch.autograd;

import java.util.Arrays;
import java.util.function.Function;
import jtorch.DType;
import jtorch.Tensor;
import jtorch.Torch;

/**
 * Checks analytic gradients against finite differences, as {@code torch.autograd.gradcheck}: for
 * every input that requires grad, each element is moved by {@code ±eps} to get a column of the
 * numerical Jacobian by central differences, and one backward pass per output element gives the
 * analytical Jacobian; the two must agree within {@code atol + rtol * |numerical|}.
 *
 * <pre>{@code
 * Tensor a = Torch.randn(new long[] {3, 4}, DType.FLOAT64).requiresGrad_();
 * Tensor b = Torch.randn(new long[] {4}, DType.FLOAT64).requiresGrad_();
 * GradCheck.check(x -> x[0].mul(x[1]).sum(1), a, b);   // true
 * // A wrong backward rule for b throws GradCheckError:
 * // GradCheck: Jacobian mismatch of input 1 (shape [4], torch.float64): 12 of 12 entries differ;
 * // worst at input element [3], output element [1]: numerical -10.06600766 vs analytical
 * // -5.033003827 (|difference| 5.03 > atol 1e-05 + rtol 0.001 * |numerical|)
 * }</pre>
 *
 * <p>Use float64 inputs: the defaults ({@code eps} 1e-6, {@code atol} 1e-5, {@code rtol} 1e-3,
 * PyTorch's) assume double precision. Inputs are perturbed in place and restored afterwards, so
 * they must not share memory between their own elements (no {@code expand}ed inputs), as in
 * PyTorch; non-contiguous inputs are fine and keep their layout. The inputs' {@code grad()} is left
 * untouched: the analytical pass runs on detached aliases. Each output element costs one backward
 * pass and each input element two forward passes, so keep the tensors small. See <a
 * href="https://pytorch.org/docs/stable/generated/torch.autograd.gradcheck.html">torch.autograd.gradcheck</a>.
 */
public final class GradCheck {
  /** Default finite-difference step, as PyTorch's. */
  public static final double EPS = 1e-6;

  /** Default absolute tolerance, as PyTorch's. */
  public static final double ATOL = 1e-5;

  /** Default relative tolerance, as PyTorch's. */
  public static final double RTOL = 1e-3;

  private GradCheck() {}

  /** Thrown when analytical and numerical gradients disagree; the message names the worst entry. */
  public static final class GradCheckError extends AssertionError {
    private static final long serialVersionUID = 1L;

    GradCheckError(String message) {
      super(message);
    }
  }

  /**
   * Checks {@code f} at {@code inputs} with the default tolerances.
   *
   * @param f the function; gets the inputs in order and returns one floating tensor
   * @param inputs the inputs; those that require grad are checked, the others are passed as they
   *     are
   * @return true (a mismatch throws)
   * @throws GradCheckError when a Jacobian entry differs beyond the tolerance
   * @throws IllegalArgumentException when no input requires grad, or an input has overlapping
   *     memory
   */
  public static boolean check(Function<Tensor[], Tensor> f, Tensor... inputs) {
    return check(f, EPS, ATOL, RTOL, inputs);
  }

  /** As {@link #check(Function, Tensor...)} with explicit step and tolerances. */
  public static boolean check(
      Function<Tensor[], Tensor> f, double eps, double atol, double rtol, Tensor... inputs) {
    int checked = 0;
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] != null && inputs[i].requiresGrad()) {
        requireDistinctMemory(i, inputs[i]);
        checked++;
      }
    }
    if (checked == 0) {
      throw new IllegalArgumentException(
          "GradCheck: no input requires grad; call requiresGrad_() on the inputs to check");
    }
    long[][] outShape = new long[1][];
    double[][][] analytical = analytical(f, inputs, outShape);
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] != null && inputs[i].requiresGrad()) {
        double[][] numerical = numerical(f, inputs, i, eps);
        compare(i, inputs[i], outShape[0], numerical, analytical[i], atol, rtol);
      }
    }
    return true;
  }

  /**
   * {@code [input][input element][output element]}, by one backward per output element; stores the
   * output's shape in {@code outShape[0]}.
   */
  private static double[][][] analytical(
      Function<Tensor[], Tensor> f, Tensor[] inputs, long[][] outShape) {
    Tensor[] leaves = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      Tensor t = inputs[i];
      leaves[i] = t != null && t.requiresGrad() ? t.detach().requiresGrad_() : t;
    }
    Tensor out;
    try (var guard = GradMode.enableGrad()) {
      out = f.apply(leaves);
    }
    requireFloating(out);
    outShape[0] = out.shape().toArray();
    int nOut = Math.toIntExact(out.numel());
    double[][][] jac = new double[inputs.length][][];
    for (int i = 0; i < inputs.length; i++) {
      if (leaves[i] != null && leaves[i] != inputs[i]) {
        jac[i] = new double[Math.toIntExact(leaves[i].numel())][nOut];
      }
    }
    if (!out.requiresGrad()) {
      return jac; // output independent of the inputs: all zero
    }
    for (int k = 0; k < nOut; k++) {
      double[] onehot = new double[nOut];
      onehot[k] = 1;
      Tensor seed = Torch.tensor(onehot, out.dtype()).reshape(out.shape().toArray());
      out.backward(seed, true);
      for (int i = 0; i < inputs.length; i++) {
        if (jac[i] == null) {
          continue;
        }
        Tensor g = leaves[i].grad();
        if (g == null) {
          continue;
        }
        if (!g.shape().equals(leaves[i].shape()) || g.dtype() != leaves[i].dtype()) {
          throw new GradCheckError(
              "GradCheck: the gradient of input "
                  + i
                  + " has shape "
                  + g.shape()
                  + " and dtype "
                  + g.dtype()
                  + ", but the input has "
                  + leaves[i].shape()
                  + " and "
                  + leaves[i].dtype());
        }
        double[] gv = g.toDoubleArray();
        for (int e = 0; e < gv.length; e++) {
          jac[i][e][k] = gv[e];
        }
        leaves[i].setGrad(null);
      }
    }
    return jac;
  }

  /** {@code [input element][output element]} of input {@code i}, by central differences. */
  private static double[][] numerical(
      Function<Tensor[], Tensor> f, Tensor[] inputs, int i, double eps) {
    Tensor x = inputs[i].detach();
    long[] shape = x.shape().toArray();
    int n = Math.toIntExact(x.numel());
    double[][] jac = new double[n][];
    try (var guard = GradMode.noGrad()) {
      for (int e = 0; e < n; e++) {
        Tensor element = x.get(position(shape, e));
        double orig = element.item();
        element.fill_(orig - eps);
        double[] minus = evaluate(f, inputs);
        element.fill_(orig + eps);
        double[] plus = evaluate(f, inputs);
        element.fill_(orig);
        jac[e] = new double[plus.length];
        for (int k = 0; k < plus.length; k++) {
          jac[e][k] = (plus[k] - minus[k]) / (2 * eps);
        }
      }
    }
    return jac;
  }

  private static double[] evaluate(Function<Tensor[], Tensor> f, Tensor[] inputs) {
    Tensor out = f.apply(inputs);
    requireFloating(out);
    return out.toDoubleArray();
  }

  private static void compare(
      int i,
      Tensor input,
      long[] outShape,
      double[][] numerical,
      double[][] analytical,
      double atol,
      double rtol) {
    long[] shape = input.shape().toArray();
    int bad = 0;
    int worstE = -1;
    int worstK = -1;
    double worstRatio = 1;
    for (int e = 0; e < numerical.length; e++) {
      for (int k = 0; k < numerical[e].length; k++) {
        double num = numerical[e][k];
        double ana = analytical[e][k];
        double allowed = atol + rtol * Math.abs(num);
        double diff = Math.abs(ana - num);
        boolean ok = diff <= allowed || (Double.isNaN(num) && Double.isNaN(ana));
        if (!ok) {
          bad++;
          double ratio = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff / allowed;
          if (ratio > worstRatio || worstE < 0) {
            worstRatio = ratio;
            worstE = e;
            worstK = k;
          }
        }
      }
    }
    if (bad == 0) {
      return;
    }
    int entries = numerical.length * (numerical.length == 0 ? 0 : numerical[0].length);
    double num = numerical[worstE][worstK];
    double ana = analytical[worstE][worstK];
    throw new GradCheckError(
        String.format(
            "GradCheck: Jacobian mismatch of input %d (shape %s, %s): %d of %d entries differ;"
                + " worst at input element %s, output element %s: numerical %.10g vs analytical"
                + " %.10g (|difference| %.3g > atol %.1g + rtol %.1g * |numerical|)%s",
            i,
            input.shape(),
            input.dtype(),
            bad,
            entries,
            Arrays.toString(position(shape, worstE)),
            Arrays.toString(position(outShape, worstK)),
            num,
            ana,
            Math.abs(ana - num),
            atol,
            rtol,
            input.dtype() == DType.FLOAT64
                ? ""
                : ". The input is not float64: finite differences need double precision"));
  }

  private static void requireFloating(Tensor out) {
    if (!out.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "GradCheck: the function must return a floating point tensor, got " + out.dtype());
    }
  }

  /** Fails on inputs where two elements share memory (a zero stride over a size above 1). */
  private static void requireDistinctMemory(int i, Tensor t) {
    long[] stride = t.stride();
    long[] shape = t.shape().toArray();
    for (int d = 0; d < stride.length; d++) {
      if (stride[d] == 0 && shape[d] > 1) {
        throw new IllegalArgumentException(
            "GradCheck: input "
                + i
                + " has a dimension with stride 0 (an expanded tensor); perturbing one element"
                + " would move several. Pass x.contiguous() and expand inside the function.");
      }
    }
  }

  private static long[] position(long[] shape, int flat) {
    long[] idx = new long[shape.length];
    long rem = flat;
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = rem % shape[d];
      rem /= shape[d];
    }
    return idx;
  }
}
