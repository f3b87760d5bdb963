package jtorch.nn;

import java.util.List;
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

  /**
   * Runs the modules in order. A {@link Conv2d} followed by a {@link ReLU}, optionally then a
   * {@link MaxPool2d} (those classes exactly, not subclasses), runs as one fused op ({@link
   * Conv2d#forwardRelu}, {@link Conv2d#forwardReluMaxPool}): the same values, and the same
   * gradients up to the order of their sums, without storing the outputs in between, which nothing
   * outside could see.
   */
  @Override
  public Tensor forward(Tensor x) {
    Tensor y = x;
    List<Module> ms = children();
    for (int i = 0; i < ms.size(); i++) {
      Module m = ms.get(i);
      if (is(ms, i, Conv2d.class) && is(ms, i + 1, ReLU.class)) {
        if (is(ms, i + 2, MaxPool2d.class)) {
          y = ((Conv2d) m).forwardReluMaxPool(y, (MaxPool2d) ms.get(i + 2));
          i += 2;
        } else {
          y = ((Conv2d) m).forwardRelu(y);
          i++;
        }
      } else {
        y = m.forward(y);
      }
    }
    return y;
  }

  private static boolean is(List<Module> ms, int i, Class<? extends Module> c) {
    return i < ms.size() && ms.get(i).getClass() == c;
  }
}
