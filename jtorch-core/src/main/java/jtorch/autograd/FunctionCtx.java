package jtorch.autograd;

import java.util.ArrayList;
import java.util.List;
import jtorch.Tensor;

/**
 * What a {@link Function}'s forward passes to its backward, as {@code ctx} in PyTorch: tensors
 * saved with {@link #saveForBackward} (checked against in-place changes) and any other values.
 */
public final class FunctionCtx {
  private final List<Tensor> pending = new ArrayList<>();
  private List<SavedTensor> saved = List.of();
  private Node node;
  private final java.util.Map<String, Object> values = new java.util.HashMap<>();

  FunctionCtx() {}

  /** Keeps tensors for backward, as {@code ctx.save_for_backward}. */
  public void saveForBackward(Tensor... tensors) {
    pending.addAll(List.of(tensors));
  }

  /** The saved tensors, in order, as {@code ctx.saved_tensors}. */
  public Tensor[] savedTensors() {
    Tensor[] out = new Tensor[saved.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = saved.get(i).unpack(node);
    }
    return out;
  }

  /** Stores a non-tensor value for backward. */
  public void put(String key, Object value) {
    values.put(key, value);
  }

  /** A value stored with {@link #put}. */
  @SuppressWarnings("unchecked")
  public <T> T get(String key) {
    return (T) values.get(key);
  }

  void attach(Node owner) {
    node = owner;
    List<SavedTensor> s = new ArrayList<>();
    for (Tensor t : pending) {
      s.add(owner.save(t));
    }
    saved = s;
  }
}
