package jtorch;

import jtorch.autograd.GradMode;
import jtorch.backend.Scalar;
import jtorch.backend.Window2d;

/**
 * The {@code torch} namespace: creation functions, the random generator, grad-mode scopes and
 * functional twins of the {@link Tensor} methods. Meant for {@code import static jtorch.Torch.*}.
 *
 * <pre>{@code
 * Tensor points = tensor(new float[] {1, 2, 3, 4, 5});
 * points.get(0).item();          // 1.0
 * zeros(2, 3).shape();           // [2, 3]
 * try (var guard = noGrad()) { ... }
 * }</pre>
 */
public final class Torch {
  private static final Generator DEFAULT_GENERATOR = new Generator(Generator.DEFAULT_SEED);

  private Torch() {}

  // ---- creation -------------------------------------------------------------------------------

  /**
   * A tensor copied from a Java array of any rank or a number. The dtype follows the Java type:
   * {@code float[]} float32, {@code double[]} float64, {@code long[]} int64, {@code int[]} int32,
   * {@code short[]} int16, {@code byte[]} int8, {@code boolean[]} bool; a boxed {@code double}
   * gives a float32 0-d tensor and a boxed {@code long} an int64 one, as Python numbers do.
   */
  public static Tensor tensor(Object data) {
    return Creation.fromArray(data, null);
  }

  /** A tensor from a Java array or number, converted to {@code dtype}. */
  public static Tensor tensor(Object data, DType dtype) {
    return Creation.fromArray(data, dtype);
  }

  /**
   * A tensor viewing existing storage without copying, as {@code torch.as_strided} over a storage:
   * for memory-mapped files and off-heap buffers.
   *
   * @param storage the bytes; they must cover every element the view reaches
   * @param offset first element, in elements of {@code dtype}
   */
  public static Tensor fromStorage(
      UntypedStorage storage, DType dtype, long offset, long[] shape, long[] stride) {
    return Creation.fromStorage(storage, dtype, offset, shape, stride);
  }

  /** A contiguous tensor over all of {@code storage}'s bytes, read as {@code dtype}. */
  public static Tensor fromStorage(UntypedStorage storage, DType dtype) {
    long n = storage.nbytes() / dtype.itemSize();
    return Creation.fromStorage(storage, dtype, 0, new long[] {n}, new long[] {1});
  }

  /** A 0-d float32 tensor. */
  public static Tensor scalarTensor(double v) {
    return Creation.fromArray(v, DType.FLOAT32);
  }

  /** A Java double as an operand: float64 storage, promoted like a Python float. */
  static Tensor scalar(double v) {
    return Creation.full(new long[0], Scalar.of(v), DType.FLOAT64, Device.CPU).markWrappedNumber();
  }

  /** A Java long as an operand: promoted like a Python int. */
  static Tensor scalar(long v) {
    return Creation.full(new long[0], Scalar.of(v), DType.INT64, Device.CPU).markWrappedNumber();
  }

  /** Uninitialised (here: zeroed) float32 tensor. */
  public static Tensor empty(long... shape) {
    return Creation.empty(shape, DType.FLOAT32, Device.CPU);
  }

  /** Tensor of {@code dtype} on {@code device} without initial values. */
  public static Tensor empty(long[] shape, DType dtype, Device device) {
    return Creation.empty(shape, dtype, device);
  }

  /** Float32 zeros. */
  public static Tensor zeros(long... shape) {
    return zeros(shape, DType.FLOAT32);
  }

  /** Zeros of {@code dtype}. */
  public static Tensor zeros(long[] shape, DType dtype) {
    return Creation.empty(shape, dtype, Device.CPU);
  }

  /** Zeros of {@code dtype} on {@code device}. */
  public static Tensor zeros(long[] shape, DType dtype, Device device) {
    return Creation.full(shape, Scalar.of(0L), dtype, device);
  }

  /** Float32 ones. */
  public static Tensor ones(long... shape) {
    return ones(shape, DType.FLOAT32);
  }

  /** Ones of {@code dtype}. */
  public static Tensor ones(long[] shape, DType dtype) {
    return Creation.full(shape, Scalar.of(1L), dtype, Device.CPU);
  }

  /** Ones of {@code dtype} on {@code device}. */
  public static Tensor ones(long[] shape, DType dtype, Device device) {
    return Creation.full(shape, Scalar.of(1L), dtype, device);
  }

  /** Float32 tensor filled with {@code value}. */
  public static Tensor full(long[] shape, double value) {
    return Creation.full(shape, Scalar.of(value), DType.FLOAT32, Device.CPU);
  }

  /** Tensor of {@code dtype} filled with {@code value}. */
  public static Tensor full(long[] shape, double value, DType dtype) {
    boolean integral = !dtype.isFloatingPoint() && value == Math.rint(value);
    return Creation.full(
        shape, integral ? Scalar.of((long) value) : Scalar.of(value), dtype, Device.CPU);
  }

  /** Zeros shaped like {@code t} (same dtype and device). */
  public static Tensor zerosLike(Tensor t) {
    return zeros(t.shapeArray(), t.dtype(), t.device());
  }

  /** Ones shaped like {@code t}. */
  public static Tensor onesLike(Tensor t) {
    return ones(t.shapeArray(), t.dtype(), t.device());
  }

  /** Uninitialised tensor shaped like {@code t}. */
  public static Tensor emptyLike(Tensor t) {
    return empty(t.shapeArray(), t.dtype(), t.device());
  }

  /** Tensor shaped like {@code t} filled with {@code value}. */
  public static Tensor fullLike(Tensor t, double value) {
    return full(t.shapeArray(), value, t.dtype()).to(t.device());
  }

  /** Uniform [0, 1) shaped like {@code t}. */
  public static Tensor randLike(Tensor t) {
    return rand(t.shapeArray(), t.dtype()).to(t.device());
  }

  /** Standard normal shaped like {@code t}. */
  public static Tensor randnLike(Tensor t) {
    return randn(t.shapeArray(), t.dtype()).to(t.device());
  }

  /** {@code 0, 1, ..., end - 1} as int64. */
  public static Tensor arange(long end) {
    return arange(0, end, 1);
  }

  /** {@code start, start + step, ...} below {@code end}, as int64. */
  public static Tensor arange(long start, long end, long step) {
    return Creation.arange(start, end, step, DType.INT64);
  }

  /** {@code start, start + step, ...} below {@code end}, as float32. */
  public static Tensor arange(double start, double end, double step) {
    return Creation.arange(start, end, step, DType.FLOAT32);
  }

  /** {@code start, start + step, ...} below {@code end}, of {@code dtype}. */
  public static Tensor arange(double start, double end, double step, DType dtype) {
    return Creation.arange(start, end, step, dtype);
  }

  // ---- random ---------------------------------------------------------------------------------

  /** Seeds the default generator, as {@code torch.manual_seed}. */
  public static Generator manualSeed(long seed) {
    return DEFAULT_GENERATOR.manualSeed(seed);
  }

  /** The default CPU generator. */
  public static Generator defaultGenerator() {
    return DEFAULT_GENERATOR;
  }

  /**
   * CUDA's state (availability, device count, memory cache), as {@code torch.cuda}; CUDA needs the
   * jtorch-cuda module on the class path.
   */
  public static Cuda cuda() {
    return Cuda.INSTANCE;
  }

  /** Uniform samples in [0, 1), float32. */
  public static Tensor rand(long... shape) {
    return rand(shape, DType.FLOAT32);
  }

  /** Uniform samples in [0, 1) of a floating {@code dtype}. */
  public static Tensor rand(long[] shape, DType dtype) {
    return Random.rand(shape, dtype, DEFAULT_GENERATOR);
  }

  /** Uniform samples from {@code generator}. */
  public static Tensor rand(long[] shape, DType dtype, Generator generator) {
    return Random.rand(shape, dtype, generator);
  }

  /** Standard normal samples, float32. */
  public static Tensor randn(long... shape) {
    return randn(shape, DType.FLOAT32);
  }

  /** Standard normal samples of a floating {@code dtype}. */
  public static Tensor randn(long[] shape, DType dtype) {
    return Random.randn(shape, dtype, DEFAULT_GENERATOR);
  }

  /** Standard normal samples from {@code generator}. */
  public static Tensor randn(long[] shape, DType dtype, Generator generator) {
    return Random.randn(shape, dtype, generator);
  }

  /** Integers uniform in {@code [low, high)}, int64. */
  public static Tensor randint(long low, long high, long... shape) {
    return Random.randint(low, high, shape, DType.INT64, DEFAULT_GENERATOR);
  }

  /** Integers uniform in {@code [0, high)}, int64. */
  public static Tensor randint(long high, long[] shape) {
    return randint(0, high, shape);
  }

  /** A random permutation of {@code 0..n-1}, int64. */
  public static Tensor randperm(long n) {
    return Random.randperm(n, DType.INT64, DEFAULT_GENERATOR);
  }

  /** A random permutation drawn from {@code generator}. */
  public static Tensor randperm(long n, Generator generator) {
    return Random.randperm(n, DType.INT64, generator);
  }

  // ---- autograd -------------------------------------------------------------------------------

  /** Disables gradient recording until closed, as {@code with torch.no_grad():}. */
  public static GradMode.Guard noGrad() {
    return GradMode.noGrad();
  }

  /** Enables gradient recording until closed, as {@code torch.enable_grad()}. */
  public static GradMode.Guard enableGrad() {
    return GradMode.enableGrad();
  }

  /** Whether gradients are recorded on this thread. */
  public static boolean isGradEnabled() {
    return GradMode.isEnabled();
  }

  // ---- functional twins -----------------------------------------------------------------------

  /** {@code cond ? a : b} elementwise with broadcasting, as {@code torch.where}. */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    return Elementwise.where(cond, a, b);
  }

  /** {@code cond ? a : s}. */
  public static Tensor where(Tensor cond, Tensor a, double s) {
    return where(cond, a, scalar(s));
  }

  /** Concatenates along {@code dim}. */
  public static Tensor cat(Tensor[] tensors, int dim) {
    return Joining.cat(tensors, dim);
  }

  /** Concatenates along dimension 0. */
  public static Tensor cat(Tensor... tensors) {
    return Joining.cat(tensors, 0);
  }

  /** Stacks along a new dimension {@code dim}. */
  public static Tensor stack(Tensor[] tensors, int dim) {
    return Joining.stack(tensors, dim);
  }

  /** Stacks along a new dimension 0. */
  public static Tensor stack(Tensor... tensors) {
    return Joining.stack(tensors, 0);
  }

  /** As {@link Tensor#matmul}. */
  public static Tensor matmul(Tensor a, Tensor b) {
    return a.matmul(b);
  }

  /** As {@link Tensor#mm}. */
  public static Tensor mm(Tensor a, Tensor b) {
    return a.mm(b);
  }

  /** As {@link Tensor#bmm}. */
  public static Tensor bmm(Tensor a, Tensor b) {
    return a.bmm(b);
  }

  /** As {@link Tensor#add(Tensor)}. */
  public static Tensor add(Tensor a, Tensor b) {
    return a.add(b);
  }

  /** As {@link Tensor#sub(Tensor)}. */
  public static Tensor sub(Tensor a, Tensor b) {
    return a.sub(b);
  }

  /** As {@link Tensor#mul(Tensor)}. */
  public static Tensor mul(Tensor a, Tensor b) {
    return a.mul(b);
  }

  /** As {@link Tensor#div(Tensor)}. */
  public static Tensor div(Tensor a, Tensor b) {
    return a.div(b);
  }

  /** As {@link Tensor#pow(Tensor)}. */
  public static Tensor pow(Tensor a, Tensor b) {
    return a.pow(b);
  }

  /** As {@link Tensor#maximum}. */
  public static Tensor maximum(Tensor a, Tensor b) {
    return a.maximum(b);
  }

  /** As {@link Tensor#minimum}. */
  public static Tensor minimum(Tensor a, Tensor b) {
    return a.minimum(b);
  }

  /** As {@link Tensor#neg}. */
  public static Tensor neg(Tensor x) {
    return x.neg();
  }

  /** As {@link Tensor#abs}. */
  public static Tensor abs(Tensor x) {
    return x.abs();
  }

  /** As {@link Tensor#exp}. */
  public static Tensor exp(Tensor x) {
    return x.exp();
  }

  /** As {@link Tensor#log}. */
  public static Tensor log(Tensor x) {
    return x.log();
  }

  /** As {@link Tensor#sqrt}. */
  public static Tensor sqrt(Tensor x) {
    return x.sqrt();
  }

  /** As {@link Tensor#relu}. */
  public static Tensor relu(Tensor x) {
    return x.relu();
  }

  /** As {@link Tensor#sigmoid}. */
  public static Tensor sigmoid(Tensor x) {
    return x.sigmoid();
  }

  /** As {@link Tensor#tanh}. */
  public static Tensor tanh(Tensor x) {
    return x.tanh();
  }

  /** As {@link Tensor#clamp(double, double)}. */
  public static Tensor clamp(Tensor x, double min, double max) {
    return x.clamp(min, max);
  }

  /** As {@link Tensor#clamp(long, long)}. */
  public static Tensor clamp(Tensor x, long min, long max) {
    return x.clamp(min, max);
  }

  /** As {@link Tensor#sum()}. */
  public static Tensor sum(Tensor x) {
    return x.sum();
  }

  /** As {@link Tensor#sum(int, boolean)}. */
  public static Tensor sum(Tensor x, int dim, boolean keepdim) {
    return x.sum(dim, keepdim);
  }

  /** As {@link Tensor#mean()}. */
  public static Tensor mean(Tensor x) {
    return x.mean();
  }

  /** As {@link Tensor#mean(int, boolean)}. */
  public static Tensor mean(Tensor x, int dim, boolean keepdim) {
    return x.mean(dim, keepdim);
  }

  /** As {@link Tensor#max()}. */
  public static Tensor max(Tensor x) {
    return x.max();
  }

  /** As {@link Tensor#max(int, boolean)}. */
  public static ValuesIndices max(Tensor x, int dim, boolean keepdim) {
    return x.max(dim, keepdim);
  }

  /** As {@link Tensor#min()}. */
  public static Tensor min(Tensor x) {
    return x.min();
  }

  /** As {@link Tensor#argmax(int)}. */
  public static Tensor argmax(Tensor x, int dim) {
    return x.argmax(dim);
  }

  /** As {@link Tensor#softmax}. */
  public static Tensor softmax(Tensor x, int dim) {
    return x.softmax(dim);
  }

  /** As {@link Tensor#logSoftmax}. */
  public static Tensor logSoftmax(Tensor x, int dim) {
    return x.logSoftmax(dim);
  }

  /**
   * Sliding windows of a [N, C, H, W] input as columns [N, C*kh*kw, L], as {@code F.unfold};
   * differentiable (its gradient is {@link #col2im}).
   */
  public static Tensor im2col(Tensor input, Window2d window) {
    return WindowOps.im2col(input, window);
  }

  /** Sums columns [N, C*kh*kw, L] back into an image of {@code outputShape}, as {@code F.fold}. */
  public static Tensor col2im(Tensor columns, long[] outputShape, Window2d window) {
    return WindowOps.col2im(columns, outputShape, window);
  }

  /**
   * 2-D convolution of {@code input} [N, C, H, W] by {@code weight} [O, C/groups, kh, kw] plus
   * {@code bias} [O] (or null) over {@code window}, as {@code torch.conv2d}; differentiable in all
   * three. {@code F.conv2d} takes PyTorch's arguments and checks them with PyTorch's messages.
   */
  public static Tensor conv2d(
      Tensor input, Tensor weight, Tensor bias, Window2d window, int groups) {
    return ConvolutionOps.conv2d(input, weight, bias, window, groups);
  }

  /**
   * {@code conv2d(...).relu()} as one differentiable op, as PyTorch's fused {@code ConvReLU2d}
   * computes it: where the backend fuses it (the CPU), the relu is applied to each output row while
   * the convolution writes it, and its gradient masked one sample at a time, so that the
   * convolution's output and the relu's gradient are never stored. {@link jtorch.nn.Sequential}
   * uses it for a {@code Conv2d} followed by a {@code ReLU}.
   *
   * <pre>{@code
   * Tensor y = Torch.conv2dRelu(x, weight, bias, new Window2d(3, 3, 1, 1, 0, 0, 1, 1), 1);
   * }</pre>
   */
  public static Tensor conv2dRelu(
      Tensor input, Tensor weight, Tensor bias, Window2d window, int groups) {
    return ConvolutionOps.conv2dRelu(input, weight, bias, window, groups);
  }

  /**
   * {@code maxPool2d(conv2d(...).relu(), pool)} as one differentiable op: where the backend fuses
   * it (the CPU, for 2x2 pooling with stride 2), each sample's convolution is pooled while in
   * cache, so that neither the convolution's output nor the relu's is ever stored, and backward the
   * gradient is unpooled one sample at a time. With the Vector API, a 3x3 window with stride 1 and
   * no padding, and whole blocks of output channels (32 with AVX-512), it runs direct kernels that
   * never unfold the input, and backward take only each pooling window's maximum: the values are
   * the unfused ops' bits, the gradients theirs up to the order of the sums. {@link
   * jtorch.nn.Sequential} uses it for a {@code Conv2d}, a {@code ReLU} and a {@code MaxPool2d} in a
   * row.
   *
   * <pre>{@code
   * Window2d conv = new Window2d(3, 3, 1, 1, 0, 0, 1, 1);
   * Window2d pool = new Window2d(2, 2, 2, 2, 0, 0, 1, 1);
   * Tensor y = Torch.conv2dReluMaxPool2d(x, weight, bias, conv, 1, pool);
   * }</pre>
   */
  public static Tensor conv2dReluMaxPool2d(
      Tensor input, Tensor weight, Tensor bias, Window2d window, int groups, Window2d pool) {
    return ConvolutionOps.conv2dReluMaxPool(input, weight, bias, window, groups, pool);
  }

  /** Max pooling that also returns the int64 position of each maximum in its input plane. */
  public static ValuesIndices maxPool2dWithIndices(Tensor input, Window2d window) {
    return WindowOps.maxPool2d(input, window);
  }

  /** As {@link Tensor#gather}. */
  public static Tensor gather(Tensor input, int dim, Tensor index) {
    return input.gather(dim, index);
  }

  /** As {@link Tensor#transpose}. */
  public static Tensor transpose(Tensor x, int dim0, int dim1) {
    return x.transpose(dim0, dim1);
  }

  /** As {@link Tensor#reshape}. */
  public static Tensor reshape(Tensor x, long... shape) {
    return x.reshape(shape);
  }

  /** As {@link Tensor#flatten(int, int)}. */
  public static Tensor flatten(Tensor x, int startDim, int endDim) {
    return x.flatten(startDim, endDim);
  }
}
