package jtorch.autograd;

import java.util.Arrays;
import jtorch.Tensor;

/**
 * A tensor kept for the backward pass, with the version it had when saved. Unpacking it after an
 * in-place change raises PyTorch's error instead of computing a wrong gradient.
 */
public final class SavedTensor {
  private Tensor tensor;
  private final int version;
  private boolean released;

  /** Saves {@code t} (may be null) at its current version. */
  public SavedTensor(Tensor t) {
    this.tensor = t;
    this.version = t == null ? 0 : t.version();
  }

  /** The tensor; fails if it was changed in place or freed by an earlier backward. */
  public Tensor unpack(Node owner) {
    if (released) {
      throw new IllegalStateException(
          "Trying to backward through the graph a second time (or directly access saved tensors"
              + " after they have already been freed). Saved intermediate values of the graph are"
              + " freed when you call backward(). Specify retainGraph=true (backward(grad, true))"
              + " if you need to backward through the graph a second time.");
    }
    if (tensor != null && tensor.version() != version) {
      throw new IllegalStateException(
          "one of the variables needed for gradient computation has been modified by an inplace"
              + " operation: ["
              + tensor.dtype()
              + " "
              + Arrays.toString(tensor.shape().toArray())
              + "], which is saved by "
              + owner.name()
              + "; is at version "
              + tensor.version()
              + "; expected version "
              + version
              + " instead. Hint: replace the in-place operation (add_, mul_, copy_, ...) by its"
              + " out-of-place form, or clone() the tensor before changing it.");
    }
    return tensor;
  }

  void release() {
    released = true;
    tensor = null;
  }
}
