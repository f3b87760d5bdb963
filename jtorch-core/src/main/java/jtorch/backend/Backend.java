package jtorch.backend;

import java.lang.foreign.MemorySegment;
import jtorch.DType;
import jtorch.Device;
import jtorch.UntypedStorage;

/**
 * The kernels of one device type. The tensor layer checks shapes, dtypes and devices, broadcasts
 * (stride 0) and allocates outputs; a backend only computes. Kernels know nothing of autograd.
 *
 * <p>Input and output operands of one call share their shape unless said otherwise. Floating inputs
 * of a binary op share one dtype; outputs may have another dtype, to which results are converted
 * (rounded as PyTorch rounds).
 */
public interface Backend {

  /** The device type served. */
  Device.Type deviceType();

  /** Allocates zeroed storage for {@code numel} elements of {@code dtype}. */
  UntypedStorage allocate(long numel, DType dtype, Device device);

  /** Sets every element of {@code out}. */
  void fill(Strided out, Scalar value);

  /** Copies {@code src} into {@code dst} (same shape), converting the dtype. */
  void copy(Strided src, Strided dst);

  /** {@code out = op(in)}. */
  void unary(UnaryOp op, Strided in, Strided out);

  /** {@code out = op(a, b)}; {@code a} and {@code b} have one dtype. */
  void binary(BinaryOp op, Strided a, Strided b, Strided out);

  /** {@code out = cond ? a : b}; {@code cond} is bool. */
  void where(Strided cond, Strided a, Strided b, Strided out);

  /**
   * Reduces {@code in} along {@code dim} into {@code values} (shape of {@code in} with size 1 at
   * {@code dim}); for MAX and MIN also writes int64 positions into {@code indices} unless null.
   */
  void reduce(ReduceOp op, Strided in, int dim, Strided values, Strided indices);

  /**
   * Batched matrix product: {@code a} is [B, M, K], {@code b} is [B, K, N] (any strides, 0 for a
   * matrix shared by the batch), {@code out} is [B, M, N] with column stride 1; all of one dtype.
   */
  void matmul(Strided a, Strided b, Strided out);

  /**
   * Unfolds sliding windows: {@code in} [N, C, H, W] into a contiguous {@code out} [N, C*kh*kw,
   * oh*ow], zeros where a window reaches into the padding, as {@code F.unfold}.
   */
  void im2col(Strided in, Window2d w, Strided out);

  /**
   * Folds windows back, summing overlaps: {@code cols} [N, C*kh*kw, oh*ow] into a zeroed contiguous
   * {@code out} [N, C, H, W], as {@code F.fold}; the adjoint of {@link #im2col}.
   */
  void col2im(Strided cols, Window2d w, Strided out);

  /**
   * 2-D convolution, as {@code F.conv2d}: {@code in} [N, C, H, W] (any strides), a contiguous
   * {@code weight} [O, C/groups, kh, kw] and {@code bias} [O] (or null) into a contiguous {@code
   * out} [N, O, oh, ow]. The default unfolds the whole batch with {@link #im2col} and multiplies; a
   * backend may fuse the two so that the columns never exist for the whole batch at once.
   */
  default void conv2d(
      Strided in, Strided weight, Strided bias, Window2d w, int groups, Strided out) {
    ComposedConvolution.forward(this, in, weight, bias, w, groups, out);
  }

  /**
   * The gradients of {@link #conv2d} from a contiguous {@code grad} [N, O, oh, ow]: {@code
   * gradInput} (a zeroed contiguous [N, C, H, W]) gets the input's, {@code gradWeight} (contiguous,
   * overwritten) the weight's and {@code gradBias} ([O], overwritten) the bias's; each may be null
   * when that gradient is not needed.
   */
  default void conv2dBackward(
      Strided grad,
      Strided in,
      Strided weight,
      Window2d w,
      int groups,
      Strided gradInput,
      Strided gradWeight,
      Strided gradBias) {
    ComposedConvolution.backward(
        this, grad, in, weight, w, groups, gradInput, gradWeight, gradBias);
  }

  /**
   * {@link #conv2d} followed by relu on {@code out}, fused so that the relu costs no pass of its
   * own. Returns false, changing nothing, when this backend has no fused kernel for these operands;
   * the tensor layer then runs the convolution and the relu.
   */
  default boolean conv2dRelu(
      Strided in, Strided weight, Strided bias, Window2d w, int groups, Strided out) {
    return false;
  }

  /**
   * {@link #conv2dBackward} of {@link #conv2dRelu}, from its contiguous output {@code result}: the
   * gradient counts where {@code result > 0} only. Returns false, changing nothing, when this
   * backend has no fused kernel for these operands; the tensor layer then masks the gradient and
   * runs {@link #conv2dBackward}.
   */
  default boolean conv2dReluBackward(
      Strided grad,
      Strided result,
      Strided in,
      Strided weight,
      Window2d w,
      int groups,
      Strided gradInput,
      Strided gradWeight,
      Strided gradBias) {
    return false;
  }

  /**
   * {@link #conv2dRelu} followed by {@link #maxPool2d} over {@code pool}, fused so that the
   * convolution's output is never stored: {@code out} and int64 {@code indices} are the pooling's
   * ({@code indices} null when no backward needs them). Returns false, changing nothing, when this
   * backend has no fused kernel for these operands (or this pooling window); the tensor layer then
   * runs the two ops.
   */
  default boolean conv2dReluMaxPool(
      Strided in,
      Strided weight,
      Strided bias,
      Window2d w,
      int groups,
      Window2d pool,
      Strided out,
      Strided indices) {
    return false;
  }

  /**
   * {@link #conv2dBackward} of {@link #conv2dReluMaxPool} over {@code pool}, from the contiguous
   * gradient {@code grad} of its output {@code out}: each element's gradient goes to the position
   * in {@code indices} where its maximum came from, where that maximum is positive. Returns false,
   * changing nothing, when this backend has no fused kernel for these operands; the tensor layer
   * then runs the unfused gradients.
   */
  default boolean conv2dReluMaxPoolBackward(
      Strided grad,
      Strided out,
      Strided indices,
      Strided in,
      Strided weight,
      Window2d w,
      int groups,
      Window2d pool,
      Strided gradInput,
      Strided gradWeight,
      Strided gradBias) {
    return false;
  }

  /**
   * Max pooling of {@code in} [N, C, H, W] into {@code out} [N, C, oh, ow] and int64 {@code
   * indices} (position {@code h * W + w} in the input plane; padding never wins).
   */
  void maxPool2d(Strided in, Window2d w, Strided out, Strided indices);

  /** Adds each {@code grad} [N, C, oh, ow] element into a zeroed {@code gradInput} at its index. */
  void maxPool2dBackward(Strided grad, Strided indices, Strided gradInput);

  /**
   * {@code out[i][j] = in[i][index[i][j]]} along {@code dim} (shown for 2-D), as {@code gather}.
   */
  void gather(Strided in, int dim, Strided index, Strided out);

  /**
   * {@code out[i][index[i][j]] += src[i][j]} along {@code dim}, in place, as {@code scatter_add_}.
   */
  void scatterAdd(Strided out, int dim, Strided index, Strided src);

  /**
   * Fills {@code out} with independent Bernoulli draws of probability {@code p}, in its dtype: the
   * element at row-major position {@code i} is 1 when {@code CounterRandom.bits(seed, i) >>> 40} is
   * below {@link CounterRandom#threshold}{@code (p)}, else 0. The values depend only on the seed
   * and the positions, never on the device or the thread count. The default computes them on the
   * host and {@link #transfer}s them.
   */
  default void bernoulli(Strided out, double p, long seed) {
    long bound = CounterRandom.threshold(p);
    float[] values = new float[Math.toIntExact(out.numel())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (CounterRandom.bits(seed, i) >>> 40) < bound ? 1f : 0f;
    }
    Strided host =
        Strided.rowMajor(
            UntypedStorage.wrap(MemorySegment.ofArray(values), Device.CPU),
            out.shape(),
            DType.FLOAT32);
    Strided onDevice =
        Strided.rowMajor(
            allocate(values.length, DType.FLOAT32, out.storage().device()),
            out.shape(),
            DType.FLOAT32);
    transfer(host, onDevice);
    copy(onDevice, out);
  }

  /**
   * One Adadelta step in place, fused into one pass: with {@code g} the gradient (negated when
   * maximizing, plus {@code weightDecay * param}), {@code squareAvg = rho * squareAvg + (1 - rho) *
   * g^2}, {@code delta = sqrt(accDelta + eps) / sqrt(squareAvg + eps) * g}, {@code accDelta = rho *
   * accDelta + (1 - rho) * delta^2} and {@code param -= lr * delta}, each rounded as the unfused
   * ops round it. All four operands share shape and dtype. Returns false, changing nothing, when
   * this backend has no fused kernel for these operands; the optimizer then runs the unfused ops.
   */
  default boolean adadelta(
      Strided param, Strided grad, Strided squareAvg, Strided accDelta, AdadeltaStep step) {
    return false;
  }

  /**
   * One SGD step in place, fused into one pass: with {@code g} the gradient (negated when
   * maximizing, plus {@code weightDecay * param}), the momentum buffer {@code b = g} on the first
   * step, else {@code momentum * b + (1 - dampening) * g}; then {@code g = g + momentum * b} with
   * Nesterov, else {@code g = b}; and {@code param -= lr * g}, each rounded as the unfused ops
   * round it. {@code momentumBuffer} is null when {@code momentum} is 0; all operands share shape
   * and dtype. Returns false, changing nothing, when this backend has no fused kernel for these
   * operands; the optimizer then runs the unfused ops.
   */
  default boolean sgd(Strided param, Strided grad, Strided momentumBuffer, SgdStep step) {
    return false;
  }

  /** Copies between this backend's device and the host (either operand may be on the CPU). */
  default void transfer(Strided src, Strided dst) {
    throw new UnsupportedOperationException(
        "transfer from " + src.storage().device() + " to " + dst.storage().device());
  }

  /**
   * {@link #transfer(Strided, Strided)}, which with {@code nonBlocking} may return before the copy
   * has finished when {@code src} is in pinned host memory, as {@code to(device,
   * non_blocking=True)}; the backend keeps {@code src} alive until the device has read it. The
   * default copies synchronously.
   */
  default void transfer(Strided src, Strided dst, boolean nonBlocking) {
    transfer(src, dst);
  }
}
