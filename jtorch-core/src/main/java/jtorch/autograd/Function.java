package jtorch.autograd;

import jtorch.Tensor;
import jtorch.internal.TensorAccess;

/**
 * A user-defined differentiable operation, as {@code torch.autograd.Function}: write the forward
 * and the backward; {@link #apply} records it in the graph.
 *
 * <pre>{@code
 * class Cube extends Function {
 *   protected Tensor forward(FunctionCtx ctx, Tensor... in) {
 *     ctx.saveForBackward(in[0]);
 *     return in[0].pow(3);
 *   }
 *   protected Tensor[] backward(FunctionCtx ctx, Tensor grad) {
 *     Tensor x = ctx.savedTensors()[0];
 *     return new Tensor[] {grad.mul(x.pow(2)).mul(3)};
 *   }
 * }
 * Tensor y = new Cube().apply(x);   // y.gradFn().name() == "Cube"
 * }</pre>
 */
public abstract class Function {

  /** For subclasses. */
  protected Function() {}

  /** Computes the output; runs with grad mode off. */
  protected abstract Tensor forward(FunctionCtx ctx, Tensor... inputs);

  /**
   * Returns one gradient per input of forward (null where an input needs none); runs with grad mode
   * off.
   */
  protected abstract Tensor[] backward(FunctionCtx ctx, Tensor gradOutput);

  /** The name the graph shows; the class's simple name by default. */
  public String name() {
    return getClass().getSimpleName();
  }

  /** Runs forward and, when an input requires grad, records this function in the graph. */
  public final Tensor apply(Tensor... inputs) {
    FunctionCtx ctx = new FunctionCtx();
    Tensor out;
    try (var guard = GradMode.noGrad()) {
      out = forward(ctx, inputs).detach();
    }
    boolean record = false;
    for (Tensor t : inputs) {
      record |= t != null && t.requiresGrad();
    }
    if (record && GradMode.isEnabled()) {
      Node node = new FunctionNode(this, ctx, inputs);
      ctx.attach(node);
      node.setOutput(0, out);
      TensorAccess.get().setHistory(out, node, 0);
    }
    return out;
  }

  private static final class FunctionNode extends Node {
    private final Function fn;
    private final FunctionCtx ctx;

    FunctionNode(Function fn, FunctionCtx ctx, Tensor[] inputs) {
      super(inputs, 1);
      this.fn = fn;
      this.ctx = ctx;
    }

    @Override
    public String name() {
      return fn.name();
    }

    @Override
    protected Tensor[] backward(Tensor[] gradOutputs) {
      Tensor[] g = fn.backward(ctx, gradOutputs[0]);
      if (g.length != nextFunctions().size()) {
        throw new IllegalStateException(
            "function "
                + name()
                + " returned "
                + g.length
                + " gradients, but forward took "
                + nextFunctions().size()
                + " inputs; return one per input (null where none)");
      }
      return g;
    }
  }
}
