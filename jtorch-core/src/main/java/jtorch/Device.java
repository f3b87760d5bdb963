package jtorch;

import java.util.Locale;

/**
 * Where a tensor's storage lives, as {@code torch.device}.
 *
 * <pre>{@code
 * Device.of("cuda:1");   // cuda:1
 * Device.CPU;            // cpu
 * }</pre>
 *
 * @param type the kind of device
 * @param index the device number; always 0 for the CPU
 */
public record Device(Type type, int index) {

  /** The host CPU, the default device. */
  public static final Device CPU = new Device(Type.CPU, 0);

  /** Device kinds known to jtorch. */
  public enum Type {
    CPU,
    CUDA
  }

  /** Checks the index. */
  public Device {
    if (index < 0) {
      throw new IllegalArgumentException("Device index must not be negative, got " + index);
    }
  }

  /** The {@code n}-th CUDA device. */
  public static Device cuda(int n) {
    return new Device(Type.CUDA, n);
  }

  /** Parses {@code "cpu"}, {@code "cuda"} or {@code "cuda:N"} as {@code torch.device(str)} does. */
  public static Device of(String spec) {
    String s = spec.trim().toLowerCase(Locale.ROOT);
    String name = s;
    int index = 0;
    int colon = s.indexOf(':');
    if (colon >= 0) {
      name = s.substring(0, colon);
      try {
        index = Integer.parseInt(s.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Invalid device string: '" + spec + "'; expected cpu, cuda or cuda:N");
      }
    }
    return switch (name) {
      case "cpu" -> {
        if (index != 0) {
          throw new IllegalArgumentException("Invalid device string: '" + spec + "'; use cpu");
        }
        yield CPU;
      }
      case "cuda" -> cuda(index);
      default ->
          throw new IllegalArgumentException(
              "Invalid device string: '" + spec + "'; expected cpu, cuda or cuda:N");
    };
  }

  /** True for the CPU. */
  public boolean isCpu() {
    return type == Type.CPU;
  }

  /** True for a CUDA device. */
  public boolean isCuda() {
    return type == Type.CUDA;
  }

  /** Prints {@code cpu} or {@code cuda:N}, as {@code str(torch.device)}. */
  @Override
  public String toString() {
    return type == Type.CPU ? "cpu" : "cuda:" + index;
  }
}
