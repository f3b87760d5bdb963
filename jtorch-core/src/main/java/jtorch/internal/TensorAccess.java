package jtorch.internal;

import jtorch.Tensor;
import jtorch.autograd.Node;
import jtorch.backend.Backend;
import jtorch.backend.Strided;

/**
 * Lets {@code jtorch.autograd} connect tensors to the graph, and {@code jtorch.optim} hand tensors
 * to fused kernels, without making either part of the public Tensor API. This package is not
 * exported by the module.
 */
public final class TensorAccess {
  /** What {@link Tensor} grants. */
  public interface Hooks {
    /** Makes {@code t} output {@code nr} of {@code fn}. */
    void setHistory(Tensor t, Node fn, int nr);

    /** What a kernel sees of {@code t}. */
    Strided strided(Tensor t);

    /** The backend of {@code t}'s device. */
    Backend backend(Tensor t);

    /** Storages made so far: one made later has a larger {@link #storageSerial}. */
    long storagesCreated();

    /** When {@code t}'s storage was made, in the count of {@link #storagesCreated}. */
    long storageSerial(Tensor t);
  }

  private static volatile Hooks hooks;

  private TensorAccess() {}

  /** Called once by {@link Tensor}'s static initialiser. */
  public static void install(Hooks h) {
    hooks = h;
  }

  /** The hooks, initialising {@link Tensor} first if needed. */
  public static Hooks get() {
    if (hooks == null) {
      try {
        Class.forName(Tensor.class.getName(), true, Tensor.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
    return hooks;
  }
}
