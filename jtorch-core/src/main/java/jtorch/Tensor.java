package jtorch;

import jtorch.autograd.Autograd;
import jtorch.autograd.GradMode;
import jtorch.autograd.Node;
import jtorch.backend.Backend;
import jtorch.backend.BinaryOp;
import jtorch.backend.Dispatcher;
import jtorch.backend.Strided;
import jtorch.backend.UnaryOp;
import jtorch.internal.TensorAccess;

/**
 * A strided view of a {@link UntypedStorage}: sizes, strides, storage offset and dtype, plus the
 * autograd state, as {@code torch.Tensor}. View ops ({@link #view}, {@link #transpose}, {@link
 * #get}, ...) share the storage; only {@link #contiguous()}-like ops copy.
 *
 * <pre>{@code
 * Tensor p = Torch.tensor(new float[][] {{1, 2}, {3, 4}, {5, 6}});
 * p.stride();                 // [2, 1]
 * p.get(1).storageOffset();   // 2
 * p.t().stride();             // [1, 2]
 * System.out.println(p);      // tensor([[1., 2.],
 *                             //         [3., 4.],
 *                             //         [5., 6.]])
 * }</pre>
 *
 * <p>CPU tensors need no closing: the garbage collector frees their storage. See <a
 * href="https://pytorch.org/docs/stable/tensors.html">torch.Tensor</a>.
 */
public class Tensor {
  static {
    TensorAccess.install(
        new TensorAccess.Hooks() {
          @Override
          public void setHistory(Tensor t, Node fn, int nr) {
            Tensor.setHistory(t, fn, nr);
          }

          @Override
          public Strided strided(Tensor t) {
            return t.strided();
          }

          @Override
          public Backend backend(Tensor t) {
            return t.backend();
          }

          @Override
          public long storagesCreated() {
            return UntypedStorage.created();
          }

          @Override
          public long storageSerial(Tensor t) {
            return t.storage.serial();
          }
        });
  }

  private UntypedStorage storage;
  private long offset;
  private long[] shape;
  private long[] stride;
  private DType dtype;

  private boolean requiresGrad;
  private Tensor grad;
  private Node gradFn;
  private int outputNr;
  private Tensor base;
  private boolean wrappedNumber;

  Tensor(UntypedStorage storage, long offset, long[] shape, long[] stride, DType dtype) {
    this.storage = storage;
    this.offset = offset;
    this.shape = shape;
    this.stride = stride;
    this.dtype = dtype;
  }

  /**
   * A new leaf over {@code data}'s storage and layout; for subclasses such as {@code
   * jtorch.nn.Parameter}.
   */
  protected Tensor(Tensor data, boolean requiresGrad) {
    this(data.storage, data.offset, data.shape, data.stride, data.dtype);
    if (requiresGrad && !dtype.isFloatingPoint()) {
      throw new IllegalArgumentException(
          "Only Tensors of floating point dtype can require gradients, got " + dtype);
    }
    this.requiresGrad = requiresGrad;
  }

  // ---- metadata -------------------------------------------------------------------------------

  /** The sizes, as {@code tensor.shape}. */
  public Size shape() {
    return Size.of(shape);
  }

  /** Same as {@link #shape()}, as {@code tensor.size()}. */
  public Size size() {
    return shape();
  }

  /** Size of dimension {@code dim} (negative counts from the end). */
  public long size(int dim) {
    return shape[Checks.dim("size", dim, shape.length)];
  }

  /** Number of dimensions. */
  public int dim() {
    return shape.length;
  }

  /** Number of elements. */
  public long numel() {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  /** Elements to step in storage per dimension, as {@code tensor.stride()}. */
  public long[] stride() {
    return stride.clone();
  }

  /** Stride of one dimension. */
  public long stride(int dim) {
    return stride[Checks.dim("stride", dim, shape.length)];
  }

  /** Index of the first element in the storage, as {@code tensor.storage_offset()}. */
  public long storageOffset() {
    return offset;
  }

  /** The storage shared by all views of this tensor, as {@code tensor.untyped_storage()}. */
  public UntypedStorage untypedStorage() {
    return storage;
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** The device of the storage. */
  public Device device() {
    return storage.device();
  }

  /** True when elements are laid out row-major without gaps, as {@code is_contiguous()}. */
  public boolean isContiguous() {
    return strided().isContiguous();
  }

  /** The in-place version counter shared by all views, as {@code tensor._version}. */
  public int version() {
    return storage.version();
  }

  /** The value of a one-element tensor, as {@code tensor.item()}. */
  public double item() {
    if (numel() != 1) {
      throw new IllegalStateException(
          "item: a Tensor with "
              + numel()
              + " elements cannot be converted to Scalar; select one element first, e.g."
              + " t.get(0)");
    }
    return Conversions.item(this);
  }

  /** The value of a one-element integer tensor, exact for all int64 values. */
  public long itemLong() {
    if (numel() != 1) {
      throw new IllegalStateException(
          "itemLong: a Tensor with " + numel() + " elements cannot be converted to Scalar");
    }
    return Conversions.itemLong(this);
  }

  /** The elements in row-major order as floats (copies; for small tensors and tests). */
  public float[] toFloatArray() {
    return Conversions.toFloatArray(this);
  }

  /** The elements in row-major order as doubles. */
  public double[] toDoubleArray() {
    return Conversions.toDoubleArray(this);
  }

  /** The elements in row-major order as longs. */
  public long[] toLongArray() {
    return Conversions.toLongArray(this);
  }

  // ---- autograd -------------------------------------------------------------------------------

  /** True when gradients flow to or through this tensor, as {@code requires_grad}. */
  public boolean requiresGrad() {
    return requiresGrad || gradFn != null;
  }

  /** Marks a leaf as needing gradients (or not), as {@code requires_grad_()}; returns this. */
  public final Tensor requiresGrad_(boolean requires) {
    if (gradFn != null && !requires) {
      throw new IllegalStateException(
          "requiresGrad_: you can only change requires_grad flags of leaf variables. To stop"
              + " gradients here use detach().");
    }
    if (requires && !dtype.isFloatingPoint()) {
      throw new IllegalStateException(
          "requiresGrad_: only Tensors of floating point dtype can require gradients, got "
              + dtype);
    }
    requiresGrad = requires;
    return this;
  }

  /** Same as {@code requiresGrad_(true)}. */
  public Tensor requiresGrad_() {
    return requiresGrad_(true);
  }

  /** The accumulated gradient of a leaf, or null, as {@code tensor.grad}. */
  public Tensor grad() {
    return grad;
  }

  /** Replaces the gradient (null clears it), as assigning {@code tensor.grad}. */
  public void setGrad(Tensor g) {
    if (g != null && !g.shape().equals(shape())) {
      throw new IllegalArgumentException(
          "setGrad: assigned grad has shape " + g.shape() + " but the tensor has " + shape());
    }
    grad = g;
  }

  /** The node that produced this tensor, or null for leaves, as {@code grad_fn}. */
  public Node gradFn() {
    return gradFn;
  }

  /** Which output of {@link #gradFn()} this tensor is. */
  public int outputNr() {
    return outputNr;
  }

  /** True for tensors not produced by a recorded op, as {@code is_leaf}. */
  public boolean isLeaf() {
    return gradFn == null;
  }

  /** Backpropagates from this one-element tensor, as {@code tensor.backward()}. */
  public void backward() {
    Autograd.backward(this, null, false);
  }

  /** Backpropagates {@code gradient} (of this tensor's shape), as {@code backward(gradient)}. */
  public void backward(Tensor gradient) {
    Autograd.backward(this, gradient, false);
  }

  /** Backpropagates, optionally keeping the graph for another backward. */
  public void backward(Tensor gradient, boolean retainGraph) {
    Autograd.backward(this, gradient, retainGraph);
  }

  /** A view of the same data cut from the graph, as {@code detach()}. */
  public Tensor detach() {
    return new Tensor(storage, offset, shape, stride, dtype);
  }

  static void setHistory(Tensor t, Node fn, int nr) {
    t.gradFn = fn;
    t.outputNr = nr;
  }

  Tensor base() {
    return base;
  }

  void setBase(Tensor b) {
    base = b.base != null ? b.base : b;
  }

  boolean isWrappedNumber() {
    return wrappedNumber;
  }

  Tensor markWrappedNumber() {
    wrappedNumber = true;
    return this;
  }

  Strided strided() {
    return new Strided(storage, offset, shape, stride, dtype);
  }

  long[] shapeArray() {
    return shape;
  }

  long[] strideArray() {
    return stride;
  }

  Backend backend() {
    return Dispatcher.of(device());
  }

  // ---- views ----------------------------------------------------------------------------------

  /** Element or sub-tensor at the leading indices, as {@code t[i][j]}; a view. */
  public Tensor get(long... indices) {
    Tensor t = this;
    for (long i : indices) {
      t = t.select(0, i);
    }
    return t;
  }

  /**
   * Indexes with PyTorch's C++ rules: integers select, {@link Slice}s slice, {@link Slice#NONE}
   * adds an axis, {@link Slice#ELLIPSIS} fills the rest; a view.
   */
  public Tensor index(Object... indices) {
    return Views.index(this, indices);
  }

  /** Removes dimension {@code dim} at {@code index}, as {@code select}. */
  public Tensor select(int dim, long index) {
    return Views.select(this, dim, index);
  }

  /** Elements {@code [start, start + length)} of dimension {@code dim}, as {@code narrow}. */
  public Tensor narrow(int dim, long start, long length) {
    return Views.slice(this, dim, start, start + length, 1);
  }

  /** {@code start:stop:step} along {@code dim}; negative bounds count from the end. */
  public Tensor slice(int dim, long start, long stop, long step) {
    return Views.slice(this, dim, start, stop, step);
  }

  /** Same data with a new shape (one size may be -1); fails if strides do not allow it. */
  public Tensor view(long... shape) {
    return Views.view(this, shape);
  }

  /** Same data with a new shape; copies only when a view is impossible. */
  public Tensor reshape(long... shape) {
    return Views.reshape(this, shape);
  }

  /** A view with {@code other}'s shape, as {@code view_as}. */
  public Tensor viewAs(Tensor other) {
    return view(other.shape);
  }

  /** Swaps two dimensions; a view. */
  public Tensor transpose(int dim0, int dim1) {
    return Views.transpose(this, dim0, dim1);
  }

  /** Transpose of a tensor of at most 2 dimensions, as {@code t()}. */
  public Tensor t() {
    if (dim() > 2) {
      throw new IllegalArgumentException(
          "t: expects a tensor with <= 2 dimensions, but self is " + dim() + "D; use transpose");
    }
    return dim() < 2 ? this.alias() : transpose(0, 1);
  }

  /** Reorders dimensions; a view. */
  public Tensor permute(int... dims) {
    return Views.permute(this, dims);
  }

  /** Broadcasts size-1 dimensions to {@code sizes} (-1 keeps a size); a view with stride 0. */
  public Tensor expand(long... sizes) {
    return Views.expand(this, sizes);
  }

  /** Expands to {@code other}'s shape. */
  public Tensor expandAs(Tensor other) {
    return expand(other.shape);
  }

  /** Removes all size-1 dimensions. */
  public Tensor squeeze() {
    return Views.squeeze(this, null);
  }

  /** Removes dimension {@code dim} if its size is 1. */
  public Tensor squeeze(int dim) {
    return Views.squeeze(this, dim);
  }

  /** Inserts a size-1 dimension at {@code dim}. */
  public Tensor unsqueeze(int dim) {
    return Views.unsqueeze(this, dim);
  }

  /** Flattens all dimensions into one. */
  public Tensor flatten() {
    return flatten(0, -1);
  }

  /** Flattens dimensions {@code startDim..endDim} into one. */
  public Tensor flatten(int startDim, int endDim) {
    return Views.flatten(this, startDim, endDim);
  }

  /** This tensor if contiguous, else a contiguous copy. */
  public Tensor contiguous() {
    return isContiguous() ? this : Conversions.clone(this);
  }

  /** A copy with its own storage, recorded by autograd, as {@code clone()}. */
  public Tensor clone() {
    return Conversions.clone(this);
  }

  Tensor alias() {
    return Views.alias(this);
  }

  // ---- conversion -----------------------------------------------------------------------------

  /** Converts to {@code dtype} (this tensor if it already has it). */
  public Tensor to(DType dtype) {
    return Conversions.to(this, dtype, device());
  }

  /** Copies to {@code device} (this tensor if it is already there). */
  public Tensor to(Device device) {
    return Conversions.to(this, dtype, device);
  }

  /** Copies to the device named by {@code device}, e.g. {@code "cuda:0"}. */
  public Tensor to(String device) {
    return to(Device.of(device));
  }

  /**
   * Copies to {@code device}, as {@code to(device, non_blocking=True)}: with {@code nonBlocking}, a
   * copy from {@link #pinMemory() pinned} memory to a GPU is queued on the device's stream and this
   * returns at once (the device's later work waits for it, so the result can be used right away; do
   * not write to the source until the device has synchronised). Other copies wait.
   *
   * <pre>{@code
   * Tensor x = Torch.randn(32, 784).pinMemory();
   * Tensor g = x.to(Device.cuda(0), true);   // returns before the bytes have arrived
   * }</pre>
   */
  public Tensor to(Device device, boolean nonBlocking) {
    return Conversions.to(this, dtype, device, nonBlocking);
  }

  /** {@link #to(Device, boolean)} for the device named by {@code device}, e.g. "cuda". */
  public Tensor to(String device, boolean nonBlocking) {
    return to(Device.of(device), nonBlocking);
  }

  /**
   * A copy in page-locked (pinned) host memory, as {@code pin_memory()}, from which a GPU copies
   * asynchronously ({@link #to(Device, boolean)}); this tensor if it is already pinned. It is a CPU
   * tensor that every CPU op accepts, and its memory is freed when it becomes unreachable. Needs
   * CUDA and fails saying what is missing without it.
   *
   * <pre>{@code
   * Tensor p = Torch.ones(2, 3).pinMemory();
   * p.isPinned();   // true
   * p.device();     // cpu
   * }</pre>
   *
   * @see <a
   *     href="https://pytorch.org/docs/stable/generated/torch.Tensor.pin_memory.html">pin_memory</a>
   */
  public Tensor pinMemory() {
    return Conversions.pinMemory(this);
  }

  /** True when the bytes are in pinned host memory, as {@code is_pinned()}. */
  public boolean isPinned() {
    return storage.isPinned();
  }

  /** Converts dtype and device at once. */
  public Tensor to(Device device, DType dtype) {
    return Conversions.to(this, dtype, device);
  }

  /** Copies to the CPU. */
  public Tensor cpu() {
    return to(Device.CPU);
  }

  /** Converts to float32. */
  public Tensor toFloat() {
    return to(DType.FLOAT32);
  }

  /** Converts to float64. */
  public Tensor toDouble() {
    return to(DType.FLOAT64);
  }

  /** Converts to int64. */
  public Tensor toLong() {
    return to(DType.INT64);
  }

  // ---- elementwise ----------------------------------------------------------------------------

  /** {@code this + other} with broadcasting and type promotion. */
  public Tensor add(Tensor other) {
    return Elementwise.binary(BinaryOp.ADD, this, other);
  }

  /** {@code this + alpha * other}, as {@code add(other, alpha=...)}. */
  public Tensor add(Tensor other, double alpha) {
    return add(other.mul(alpha));
  }

  /** {@code this + s}. */
  public Tensor add(double s) {
    return add(Torch.scalar(s));
  }

  /** {@code this + s} with an integer scalar (keeps integer dtypes). */
  public Tensor add(long s) {
    return add(Torch.scalar(s));
  }

  /** {@code this - other}. */
  public Tensor sub(Tensor other) {
    return Elementwise.binary(BinaryOp.SUB, this, other);
  }

  /** {@code this - s}. */
  public Tensor sub(double s) {
    return sub(Torch.scalar(s));
  }

  /** {@code this - s}. */
  public Tensor sub(long s) {
    return sub(Torch.scalar(s));
  }

  /** {@code this * other}. */
  public Tensor mul(Tensor other) {
    return Elementwise.binary(BinaryOp.MUL, this, other);
  }

  /** {@code this * s}. */
  public Tensor mul(double s) {
    return mul(Torch.scalar(s));
  }

  /** {@code this * s}. */
  public Tensor mul(long s) {
    return mul(Torch.scalar(s));
  }

  /** True division {@code this / other}: integers give float32, as in PyTorch. */
  public Tensor div(Tensor other) {
    return Elementwise.binary(BinaryOp.DIV, this, other);
  }

  /** {@code this / s}. */
  public Tensor div(double s) {
    return div(Torch.scalar(s));
  }

  /** {@code this / s}. */
  public Tensor div(long s) {
    return div(Torch.scalar(s));
  }

  /** {@code this ** exponent}. */
  public Tensor pow(Tensor exponent) {
    return Elementwise.binary(BinaryOp.POW, this, exponent);
  }

  /** {@code this ** exponent}. */
  public Tensor pow(double exponent) {
    return pow(Torch.scalar(exponent));
  }

  /** {@code this ** exponent}. */
  public Tensor pow(long exponent) {
    return pow(Torch.scalar(exponent));
  }

  /** Elementwise maximum, propagating NaN, as {@code torch.maximum}. */
  public Tensor maximum(Tensor other) {
    return Elementwise.binary(BinaryOp.MAXIMUM, this, other);
  }

  /** Elementwise minimum, propagating NaN, as {@code torch.minimum}. */
  public Tensor minimum(Tensor other) {
    return Elementwise.binary(BinaryOp.MINIMUM, this, other);
  }

  /** {@code -this}. */
  public Tensor neg() {
    return Elementwise.unary(UnaryOp.NEG, this);
  }

  /** {@code |this|}. */
  public Tensor abs() {
    return Elementwise.unary(UnaryOp.ABS, this);
  }

  /** Sign: -1, 0 or 1. */
  public Tensor sign() {
    return Elementwise.unary(UnaryOp.SIGN, this);
  }

  /** {@code e ** this}. */
  public Tensor exp() {
    return Elementwise.unary(UnaryOp.EXP, this);
  }

  /** Natural logarithm. */
  public Tensor log() {
    return Elementwise.unary(UnaryOp.LOG, this);
  }

  /** Square root. */
  public Tensor sqrt() {
    return Elementwise.unary(UnaryOp.SQRT, this);
  }

  /** {@code max(this, 0)}. */
  public Tensor relu() {
    return Elementwise.unary(UnaryOp.RELU, this);
  }

  /** {@code 1 / (1 + e ** -this)}. */
  public Tensor sigmoid() {
    return Elementwise.unary(UnaryOp.SIGMOID, this);
  }

  /** Hyperbolic tangent. */
  public Tensor tanh() {
    return Elementwise.unary(UnaryOp.TANH, this);
  }

  /** Limits values to {@code [min, max]}; an integer tensor gives float32, as in PyTorch. */
  public Tensor clamp(double min, double max) {
    return Elementwise.clamp(this, Torch.scalar(min), Torch.scalar(max));
  }

  /** Limits values to {@code [min, max]} with integer bounds (keeps integer dtypes). */
  public Tensor clamp(long min, long max) {
    return Elementwise.clamp(this, Torch.scalar(min), Torch.scalar(max));
  }

  /** Limits values to at least {@code min}. */
  public Tensor clampMin(double min) {
    return Elementwise.clamp(this, Torch.scalar(min), null);
  }

  /** Limits values to at least {@code min} (keeps integer dtypes). */
  public Tensor clampMin(long min) {
    return Elementwise.clamp(this, Torch.scalar(min), null);
  }

  /** Limits values to at most {@code max}. */
  public Tensor clampMax(double max) {
    return Elementwise.clamp(this, null, Torch.scalar(max));
  }

  /** Limits values to at most {@code max} (keeps integer dtypes). */
  public Tensor clampMax(long max) {
    return Elementwise.clamp(this, null, Torch.scalar(max));
  }

  /** Logical not of a bool tensor (or {@code x == 0}). */
  public Tensor logicalNot() {
    return Elementwise.unary(UnaryOp.LOGICAL_NOT, this);
  }

  /** Elementwise {@code this == other} (bool). */
  public Tensor eq(Tensor other) {
    return Elementwise.binary(BinaryOp.EQ, this, other);
  }

  /** Elementwise {@code this == s} (bool). */
  public Tensor eq(double s) {
    return eq(Torch.scalar(s));
  }

  /** Elementwise {@code this != other} (bool). */
  public Tensor ne(Tensor other) {
    return Elementwise.binary(BinaryOp.NE, this, other);
  }

  /** Elementwise {@code this != s} (bool). */
  public Tensor ne(double s) {
    return ne(Torch.scalar(s));
  }

  /** Elementwise {@code this < other} (bool). */
  public Tensor lt(Tensor other) {
    return Elementwise.binary(BinaryOp.LT, this, other);
  }

  /** Elementwise {@code this < s} (bool). */
  public Tensor lt(double s) {
    return lt(Torch.scalar(s));
  }

  /** Elementwise {@code this <= other} (bool). */
  public Tensor le(Tensor other) {
    return Elementwise.binary(BinaryOp.LE, this, other);
  }

  /** Elementwise {@code this <= s} (bool). */
  public Tensor le(double s) {
    return le(Torch.scalar(s));
  }

  /** Elementwise {@code this > other} (bool). */
  public Tensor gt(Tensor other) {
    return Elementwise.binary(BinaryOp.GT, this, other);
  }

  /** Elementwise {@code this > s} (bool). */
  public Tensor gt(double s) {
    return gt(Torch.scalar(s));
  }

  /** Elementwise {@code this >= other} (bool). */
  public Tensor ge(Tensor other) {
    return Elementwise.binary(BinaryOp.GE, this, other);
  }

  /** Elementwise {@code this >= s} (bool). */
  public Tensor ge(double s) {
    return ge(Torch.scalar(s));
  }

  /** Logical and of two tensors (bool). */
  public Tensor logicalAnd(Tensor other) {
    return Elementwise.binary(BinaryOp.LOGICAL_AND, this, other);
  }

  /** Logical or of two tensors (bool). */
  public Tensor logicalOr(Tensor other) {
    return Elementwise.binary(BinaryOp.LOGICAL_OR, this, other);
  }

  // ---- reductions -----------------------------------------------------------------------------

  /** Sum of all elements (integers sum to int64). */
  public Tensor sum() {
    return Reductions.sum(this, null, false);
  }

  /** Sum over {@code dim}. */
  public Tensor sum(int dim) {
    return sum(dim, false);
  }

  /** Sum over {@code dim}, keeping it as size 1 when {@code keepdim}. */
  public Tensor sum(int dim, boolean keepdim) {
    return Reductions.sum(this, new int[] {dim}, keepdim);
  }

  /** Sum over several dimensions. */
  public Tensor sum(int[] dims, boolean keepdim) {
    return Reductions.sum(this, dims, keepdim);
  }

  /** Mean of all elements (floating dtypes only). */
  public Tensor mean() {
    return Reductions.mean(this, null, false);
  }

  /** Mean over {@code dim}. */
  public Tensor mean(int dim) {
    return mean(dim, false);
  }

  /** Mean over {@code dim}, keeping it when {@code keepdim}. */
  public Tensor mean(int dim, boolean keepdim) {
    return Reductions.mean(this, new int[] {dim}, keepdim);
  }

  /** Mean over several dimensions. */
  public Tensor mean(int[] dims, boolean keepdim) {
    return Reductions.mean(this, dims, keepdim);
  }

  /** Largest element (0-d). */
  public Tensor max() {
    return Reductions.extreme(this, true);
  }

  /** Largest elements along {@code dim} and their positions, as {@code max(dim)}. */
  public ValuesIndices max(int dim) {
    return max(dim, false);
  }

  /** Largest elements along {@code dim} and their positions. */
  public ValuesIndices max(int dim, boolean keepdim) {
    return Reductions.extreme(this, dim, keepdim, true);
  }

  /** Smallest element (0-d). */
  public Tensor min() {
    return Reductions.extreme(this, false);
  }

  /** Smallest elements along {@code dim} and their positions. */
  public ValuesIndices min(int dim) {
    return min(dim, false);
  }

  /** Smallest elements along {@code dim} and their positions. */
  public ValuesIndices min(int dim, boolean keepdim) {
    return Reductions.extreme(this, dim, keepdim, false);
  }

  /** Position of the largest element in the flattened tensor (int64). */
  public Tensor argmax() {
    return reshape(-1).max(0).indices();
  }

  /** Positions of the largest elements along {@code dim}. */
  public Tensor argmax(int dim) {
    return max(dim).indices();
  }

  /** Positions of the largest elements along {@code dim}. */
  public Tensor argmax(int dim, boolean keepdim) {
    return max(dim, keepdim).indices();
  }

  /** Position of the smallest element in the flattened tensor (int64). */
  public Tensor argmin() {
    return reshape(-1).min(0).indices();
  }

  /** Positions of the smallest elements along {@code dim}. */
  public Tensor argmin(int dim) {
    return min(dim).indices();
  }

  /** Positions of the smallest elements along {@code dim}. */
  public Tensor argmin(int dim, boolean keepdim) {
    return min(dim, keepdim).indices();
  }

  // ---- linear algebra and activations ---------------------------------------------------------

  /** Matrix product with {@code torch.matmul}'s rules for 1-D and batched operands. */
  public Tensor matmul(Tensor other) {
    return LinearAlgebra.matmul(this, other);
  }

  /** Product of two matrices. */
  public Tensor mm(Tensor other) {
    return LinearAlgebra.mm(this, other);
  }

  /** Product of two batches of matrices [B, n, m] x [B, m, p]. */
  public Tensor bmm(Tensor other) {
    return LinearAlgebra.bmm(this, other);
  }

  /** Softmax along {@code dim}. */
  public Tensor softmax(int dim) {
    return Activations.softmax(this, dim);
  }

  /** Log of softmax along {@code dim}, computed stably. */
  public Tensor logSoftmax(int dim) {
    return Activations.logSoftmax(this, dim);
  }

  // ---- in place -------------------------------------------------------------------------------

  /** {@code this += other}. */
  public Tensor add_(Tensor other) {
    return InPlace.binary(BinaryOp.ADD, this, other);
  }

  /** {@code this += s}. */
  public Tensor add_(double s) {
    return add_(Torch.scalar(s));
  }

  /** {@code this += alpha * other}. */
  public Tensor add_(Tensor other, double alpha) {
    return add_(other.mul(alpha));
  }

  /** {@code this -= other}. */
  public Tensor sub_(Tensor other) {
    return InPlace.binary(BinaryOp.SUB, this, other);
  }

  /** {@code this -= s}. */
  public Tensor sub_(double s) {
    return sub_(Torch.scalar(s));
  }

  /** {@code this *= other}. */
  public Tensor mul_(Tensor other) {
    return InPlace.binary(BinaryOp.MUL, this, other);
  }

  /** {@code this *= s}. */
  public Tensor mul_(double s) {
    return mul_(Torch.scalar(s));
  }

  /** {@code this /= other}. */
  public Tensor div_(Tensor other) {
    return InPlace.binary(BinaryOp.DIV, this, other);
  }

  /** {@code this /= s}. */
  public Tensor div_(double s) {
    return div_(Torch.scalar(s));
  }

  /** Sets every element to {@code value}. */
  public Tensor fill_(double value) {
    return InPlace.fill(this, value);
  }

  /**
   * Fills this tensor with draws of Bernoulli(p), 1 with probability {@code p} and 0 otherwise, in
   * its dtype, as {@code bernoulli_(p)}; from the default generator.
   *
   * <pre>{@code
   * Torch.manualSeed(0);
   * Tensor keep = Torch.empty(new long[] {4, 3}).bernoulli_(0.9);   // mostly ones
   * }</pre>
   *
   * <p>Values are counter-based ({@link jtorch.backend.CounterRandom}): the same on the CPU with
   * any thread count and on other devices, but not PyTorch's values for the same seed.
   */
  public Tensor bernoulli_(double p) {
    return Random.bernoulli_(this, p, Torch.defaultGenerator());
  }

  /** {@link #bernoulli_(double)} with draws from {@code generator}. */
  public Tensor bernoulli_(double p, Generator generator) {
    return Random.bernoulli_(this, p, generator);
  }

  /** Sets every element to zero. */
  public Tensor zero_() {
    return fill_(0);
  }

  /** Copies {@code src} (broadcast, converted) into this tensor, as {@code copy_}. */
  public Tensor copy_(Tensor src) {
    return InPlace.copy(this, src);
  }

  /**
   * Makes this tensor view {@code source}'s storage with its layout and dtype, as {@code set_}: how
   * {@code Module.to(device)} moves parameters while keeping their identity. Returns this.
   */
  public Tensor set_(Tensor source) {
    if (GradMode.isEnabled() && requiresGrad() && !isLeaf()) {
      throw new IllegalStateException("set_: not allowed on a tensor that is part of the graph");
    }
    storage = source.storage;
    offset = source.offset;
    shape = source.shape;
    stride = source.stride;
    dtype = source.dtype;
    storage.bumpVersion();
    return this;
  }

  /** Values along {@code dim} picked by int64 {@code index}, as {@code torch.gather}. */
  public Tensor gather(int dim, Tensor index) {
    return WindowOps.gather(this, dim, index);
  }

  /** A copy with {@code src} added at {@code index} along {@code dim}, as {@code scatter_add}. */
  public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
    return WindowOps.scatterAdd(this, dim, index, src);
  }

  /** Prints as PyTorch does, e.g. {@code tensor([1., 2., 3.])}. */
  @Override
  public String toString() {
    return TensorFormatter.format(this);
  }
}
