package jtorch.nn;

import jtorch.Tensor;

/**
 * Runs modules one after another, as {@code torch.nn.Sequential}; they are registered as {@code
 * "0"}, {@code "1"}, ...
 *
 * <pre>{@code
 * Module net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
 * net.namedParameters().keySet();   // [0.weight, 0.bias, 2.weight, 2.bias]
 * }</pre>
 */
public class Sequential extends Module {
  private int size;

  /** The modules, in order. */
  public Sequential(Module... modules) {
    for (Module m : modules) {
      add(m);
    }
  }

  /** Appends a module; returns this. */
  public Sequential add(Module m) {
    register(Integer.toString(size++), m);
    return this;
  }

  /** The {@code i}-th module. */
  public Module get(int i) {
    return children().get(i);
  }

  /** Number of modules. */
  public int size() {
    return size;
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor y = x;
    for (Module m : children()) {
      y = m.forward(y);
    }
    return y;
  }
}
