package jtorch.autograd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jtorch.DType;
import jtorch.Device;
import jtorch.Size;
import jtorch.Tensor;

/**
 * One recorded operation of the autograd graph, as {@code tensor.grad_fn}: it maps the gradients of
 * its outputs to the gradients of its inputs.
 *
 * <pre>{@code
 * Tensor y = x.mul(2).sum();
 * y.gradFn().name();   // "SumBackward0"
 * }</pre>
 */
public abstract class Node {
  private final List<Edge> next;
  private final List<SavedTensor> saved = new ArrayList<>();
  private final Size[] outputShapes;
  private final DType[] outputDtypes;
  private final Device[] outputDevices;
  private final Size[] inputShapes;
  private final DType[] inputDtypes;

  /**
   * A node over {@code inputs} (each edge built from an input's history) with {@code numOutputs}
   * outputs, described later by {@link #setOutput}.
   */
  protected Node(Tensor[] inputs, int numOutputs) {
    List<Edge> edges = new ArrayList<>(inputs.length);
    inputShapes = new Size[inputs.length];
    inputDtypes = new DType[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      Tensor t = inputs[i];
      edges.add(t == null ? null : Engine.gradientEdge(t));
      if (t != null) {
        inputShapes[i] = t.shape();
        inputDtypes[i] = t.dtype();
      }
    }
    this.next = Collections.unmodifiableList(edges);
    outputShapes = new Size[numOutputs];
    outputDtypes = new DType[numOutputs];
    outputDevices = new Device[numOutputs];
  }

  /** The name PyTorch prints, e.g. {@code "MulBackward0"}. */
  public abstract String name();

  /**
   * Computes input gradients from output gradients. Called by the engine with grad mode off; an
   * entry of the result may be null when that input gets no gradient.
   */
  protected abstract Tensor[] backward(Tensor[] gradOutputs);

  /** Where the gradient of each input goes; null entries for inputs that need none. */
  public List<Edge> nextFunctions() {
    return next;
  }

  /** Number of outputs. */
  public int numOutputs() {
    return outputShapes.length;
  }

  /** Keeps {@code t} for {@link #backward}, guarded by its version counter. */
  protected final SavedTensor save(Tensor t) {
    SavedTensor s = new SavedTensor(t);
    saved.add(s);
    return s;
  }

  /** Records what output {@code nr} looks like, so a missing gradient can be zero-filled. */
  public final void setOutput(int nr, Tensor out) {
    outputShapes[nr] = out.shape();
    outputDtypes[nr] = out.dtype();
    outputDevices[nr] = out.device();
  }

  Size outputShape(int nr) {
    return outputShapes[nr];
  }

  DType outputDtype(int nr) {
    return outputDtypes[nr];
  }

  Device outputDevice(int nr) {
    return outputDevices[nr];
  }

  Size inputShape(int i) {
    return inputShapes[i];
  }

  DType inputDtype(int i) {
    return inputDtypes[i];
  }

  /** Frees the saved tensors; a later backward through this node fails with a clear message. */
  void release() {
    for (SavedTensor s : saved) {
      s.release();
    }
  }

  @Override
  public String toString() {
    return "<" + name() + ">";
  }
}
