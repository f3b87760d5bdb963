package jtorch.backend;

import java.util.EnumMap;
import java.util.Map;
import java.util.ServiceLoader;
import jtorch.Device;
import jtorch.backend.cpu.CpuBackend;

/**
 * Picks the backend for a device: the CPU backend always, others from {@link BackendProvider}s on
 * the class or module path.
 */
public final class Dispatcher {
  private static final Map<Device.Type, Backend> BACKENDS = new EnumMap<>(Device.Type.class);

  static {
    BACKENDS.put(Device.Type.CPU, CpuBackend.INSTANCE);
  }

  private Dispatcher() {}

  /**
   * Installs {@code backend} for its device type, replacing any other, as PyTorch's backend
   * registration; returns the one it replaced, or null.
   */
  public static synchronized Backend register(Backend backend) {
    return BACKENDS.put(backend.deviceType(), backend);
  }

  /** Removes the backend of {@code type} (the CPU backend cannot be removed). */
  public static synchronized void unregister(Device.Type type) {
    if (type != Device.Type.CPU) {
      BACKENDS.remove(type);
    }
  }

  /**
   * The backend for {@code device}, or an error that says how to get one; a provider that cannot
   * start (no driver, no GPU) gives its reason, and there is never a fallback to another device.
   */
  public static synchronized Backend of(Device device) {
    Backend b = BACKENDS.get(device.type());
    if (b == null) {
      for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
        Backend candidate;
        try {
          candidate = p.backend();
        } catch (UnsupportedOperationException e) {
          // The provider says what is missing on this machine (driver, library, GPU).
          throw new UnsupportedOperationException(
              "Device " + device + " is not available. " + e.getMessage(), e);
        }
        if (candidate.deviceType() == device.type()) {
          b = candidate;
          BACKENDS.put(device.type(), b);
          break;
        }
      }
    }
    if (b == null) {
      throw new UnsupportedOperationException(
          "Device "
              + device
              + " is not available: jtorch has no "
              + device.type().name()
              + " backend on the class path: add the jtorch-"
              + device.type().name().toLowerCase(java.util.Locale.ROOT)
              + " module (dev.jtorch:jtorch-"
              + device.type().name().toLowerCase(java.util.Locale.ROOT)
              + ") to it, or use Device.CPU.");
    }
    return b;
  }
}
