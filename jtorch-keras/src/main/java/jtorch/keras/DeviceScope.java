package jtorch.keras;

import jtorch.Device;

/**
 * A device scope opened by {@link Keras#device(String)}, as TensorFlow's {@code with
 * tf.device('/gpu:0'):} block. Layers constructed inside it create their weights on its device, and
 * {@link Keras#constant} places tensors there. Scopes nest and belong to the thread that opened
 * them; close them in reverse order (try-with-resources does).
 *
 * <pre>{@code
 * try (var scope = Keras.device("/cpu:0")) {
 *   Tensor t = Keras.constant(new double[] {1, 2, 3});
 *   t.device();                 // cpu
 *   var model = new Sequential(new Dense(4, "relu", inputShape(8)));   // weights on the CPU
 * }
 * }</pre>
 */
public final class DeviceScope implements AutoCloseable {
  private final Device device;
  private boolean closed;

  DeviceScope(Device device) {
    this.device = device;
  }

  /** The jtorch device this scope places tensors on. */
  public Device device() {
    return device;
  }

  /** Leaves the scope; closing twice does nothing. */
  @Override
  public void close() {
    if (!closed) {
      Keras.popDevice(this); // throws, leaving the scope open, when closed out of order
      closed = true;
    }
  }

  @Override
  public String toString() {
    return "DeviceScope(" + device + ")";
  }
}
