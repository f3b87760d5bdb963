package jtorch.keras;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jtorch.DType;
import jtorch.Device;
import jtorch.Tensor;
import jtorch.Torch;
import jtorch.backend.Dispatcher;
import jtorch.keras.layers.InputLayer;

/**
 * Entry points of the Keras front end that are functions in Python: {@code inputShape} and {@code
 * input} (as {@code keras.Input}), {@code constant} (as {@code tf.constant}), {@code shape}, device
 * scopes (as {@code tf.device}), {@code setRandomSeed} and {@code clearSession}.
 *
 * <pre>{@code
 * import static jtorch.keras.Keras.inputShape;
 *
 * var model = new Sequential(new Conv2D(16, 3, "relu", inputShape(28, 28, 1)), ...);
 * Tensor c = Keras.constant(new double[][] {{1, 2}, {3, 4}, {5, 6}});
 * System.out.println(Keras.shape(c));          // TensorShape([3, 2])
 * try (var gpu = Keras.device("/gpu:0")) {     // without a CUDA backend: fails, saying so
 *   ...
 * }
 * }</pre>
 *
 * <p>See <a href="https://keras.io/api/">the Keras API</a> and <a
 * href="https://www.tensorflow.org/api_docs/python/tf/device">tf.device</a>.
 */
public final class Keras {
  private static final ThreadLocal<Deque<DeviceScope>> SCOPES =
      ThreadLocal.withInitial(ArrayDeque::new);
  private static final Map<String, Integer> NAMES = new HashMap<>();
  private static final Pattern DEVICE =
      Pattern.compile("(?:.*/)?(?:device:)?(cpu|gpu|cuda)(?::(\\d+))?", Pattern.CASE_INSENSITIVE);

  private Keras() {}

  // ---- shapes and inputs ----------------------------------------------------------------------

  /**
   * The shape of one example, without the batch dimension, as Keras's {@code input_shape=(28, 28,
   * 1)} argument: {@code new Conv2D(16, 3, "relu", inputShape(28, 28, 1))}.
   */
  public static TensorShape inputShape(long... dims) {
    return TensorShape.of(dims);
  }

  /**
   * An input layer for one example of shape {@code dims} (no batch dimension), as {@code
   * keras.Input(shape=dims)}; put it first in a {@link Sequential}.
   */
  public static InputLayer input(long... dims) {
    return new InputLayer(TensorShape.of(dims));
  }

  /**
   * The shape of {@code t}, as {@code t.shape} prints in TensorFlow: {@code TensorShape([3, 2])}.
   */
  public static TensorShape shape(Tensor t) {
    return TensorShape.of(t);
  }

  // ---- constants ------------------------------------------------------------------------------

  /**
   * A tensor from Java values or arrays of any rank, as {@code tf.constant}: TensorFlow's dtypes
   * for Python-like values (double and float values give float32, int values int32, long values
   * int64, booleans bool), on the device of the innermost {@link #device} scope (the CPU without
   * one).
   */
  public static Tensor constant(Object value) {
    Tensor t = Torch.tensor(value);
    DType dtype =
        switch (t.dtype()) {
          case FLOAT64 -> DType.FLOAT32;
          case INT64 -> isLongData(value) ? DType.INT64 : DType.INT32;
          default -> t.dtype();
        };
    return place(t.to(dtype));
  }

  /** A tensor from Java values with the given dtype, as {@code tf.constant(value, dtype=...)}. */
  public static Tensor constant(Object value, DType dtype) {
    return place(Torch.tensor(value, dtype));
  }

  private static boolean isLongData(Object v) {
    Class<?> c = v.getClass();
    while (c.isArray()) {
      c = c.getComponentType();
    }
    return c == long.class || c == Long.class;
  }

  private static Tensor place(Tensor t) {
    Device d = currentDevice();
    return d == null ? t : t.to(d);
  }

  // ---- devices --------------------------------------------------------------------------------

  /**
   * Opens a device scope, as {@code with tf.device(name):}. Accepts TensorFlow's names ({@code
   * "/gpu:0"}, {@code "/GPU:1"}, {@code "/device:GPU:0"}, {@code "/cpu:0"}, also with a {@code
   * /job:.../task:...} prefix) and jtorch's ({@code "cuda:0"}, {@code "cpu"}). A GPU name maps to
   * {@code Device.cuda(N)}; when jtorch has no backend for it, this fails at once with jtorch's
   * message (TensorFlow's soft placement onto the CPU is not imitated).
   */
  public static DeviceScope device(String name) {
    Device d = parseDevice(name);
    if (!d.isCpu()) {
      Dispatcher.of(d); // throws, naming what is missing, when there is no backend for d
    }
    DeviceScope scope = new DeviceScope(d);
    SCOPES.get().push(scope);
    return scope;
  }

  /** The device of the innermost open {@link #device} scope of this thread, or null. */
  public static Device currentDevice() {
    DeviceScope s = SCOPES.get().peek();
    return s == null ? null : s.device();
  }

  /** Maps a TensorFlow or jtorch device name to a jtorch {@link Device}. */
  public static Device parseDevice(String name) {
    Matcher m = DEVICE.matcher(name.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "Keras.device: cannot parse device name '"
              + name
              + "'; use \"/cpu:0\", \"/gpu:N\" (TensorFlow) or \"cpu\", \"cuda:N\" (jtorch)");
    }
    String kind = m.group(1).toLowerCase(Locale.ROOT);
    int index = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    if (kind.equals("cpu")) {
      return Device.CPU; // TensorFlow numbers host CPUs too; jtorch has one CPU device
    }
    return Device.cuda(index);
  }

  static void popDevice(DeviceScope scope) {
    Deque<DeviceScope> stack = SCOPES.get();
    if (stack.peek() != scope) {
      throw new IllegalStateException(
          "Keras.device: scopes must be closed in reverse order of opening (closing "
              + scope
              + " while "
              + stack.peek()
              + " is innermost)");
    }
    stack.pop();
  }

  // ---- session state --------------------------------------------------------------------------

  /**
   * A layer or model name unique in this session: {@code base} the first time, then {@code base_1},
   * {@code base_2}, ... as Keras's {@code backend.unique_object_name}.
   */
  public static synchronized String uniqueName(String base) {
    int n = NAMES.merge(base, 1, Integer::sum) - 1;
    return n == 0 ? base : base + "_" + n;
  }

  /**
   * Resets the name counters, as {@code keras.backend.clear_session()}: the next {@code Conv2D} is
   * named {@code conv2d} again.
   */
  public static synchronized void clearSession() {
    NAMES.clear();
  }

  /**
   * Seeds the random generator that initialisers, dropout and unseeded shuffles draw from, as
   * {@code keras.utils.set_random_seed} (here: {@code Torch.manualSeed}).
   */
  public static void setRandomSeed(long seed) {
    Torch.manualSeed(seed);
  }

  /** Keras's class-name-to-layer-name rule: {@code MaxPooling2D} to {@code max_pooling2d}. */
  public static String snakeCase(String className) {
    String s = className.replaceAll("(.)([A-Z][a-z0-9]+)", "$1_$2");
    return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }
}
