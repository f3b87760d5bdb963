package jtorch;

/**
 * The element type of a tensor, as {@code torch.dtype}.
 *
 * <pre>{@code
 * Tensor h = Torch.tensor(new float[] {1, 2}, DType.HALF);
 * h.dtype();            // FLOAT16, prints as torch.float16
 * }</pre>
 *
 * <p>Type promotion follows {@code torch.promote_types}: see <a
 * href="https://pytorch.org/docs/stable/tensor_attributes.html">tensor attributes</a>.
 */
public enum DType {
  FLOAT32("float32", 4, Kind.FLOAT),
  FLOAT64("float64", 8, Kind.FLOAT),
  FLOAT16("float16", 2, Kind.FLOAT),
  BFLOAT16("bfloat16", 2, Kind.FLOAT),
  INT8("int8", 1, Kind.INT),
  UINT8("uint8", 1, Kind.INT),
  INT16("int16", 2, Kind.INT),
  INT32("int32", 4, Kind.INT),
  INT64("int64", 8, Kind.INT),
  BOOL("bool", 1, Kind.BOOL);

  /** Alias of {@link #FLOAT32}. */
  public static final DType FLOAT = FLOAT32;

  /** Alias of {@link #FLOAT64}. */
  public static final DType DOUBLE = FLOAT64;

  /** Alias of {@link #FLOAT16}. */
  public static final DType HALF = FLOAT16;

  /** Alias of {@link #INT16}. */
  public static final DType SHORT = INT16;

  /** Alias of {@link #INT32}. */
  public static final DType INT = INT32;

  /** Alias of {@link #INT64}. */
  public static final DType LONG = INT64;

  /** Promotion category: bool below integers below floating point. */
  enum Kind {
    BOOL,
    INT,
    FLOAT
  }

  private final String pyName;
  private final int itemSize;
  private final Kind kind;

  DType(String pyName, int itemSize, Kind kind) {
    this.pyName = pyName;
    this.itemSize = itemSize;
    this.kind = kind;
  }

  /** Bytes per element, as {@code dtype.itemsize}. */
  public int itemSize() {
    return itemSize;
  }

  /** True for float16, bfloat16, float32 and float64, as {@code dtype.is_floating_point}. */
  public boolean isFloatingPoint() {
    return kind == Kind.FLOAT;
  }

  /** True for the integer dtypes (not bool). */
  public boolean isIntegral() {
    return kind == Kind.INT;
  }

  Kind kind() {
    return kind;
  }

  /** The PyTorch name without prefix, e.g. {@code "float32"}. */
  public String pyName() {
    return pyName;
  }

  /** Prints as PyTorch does, e.g. {@code torch.float32}. */
  @Override
  public String toString() {
    return "torch." + pyName;
  }

  /**
   * The smallest dtype both operands can be converted to, as {@code torch.promote_types}.
   *
   * <pre>{@code
   * DType.promoteTypes(DType.UINT8, DType.INT8);   // INT16
   * DType.promoteTypes(DType.HALF, DType.BFLOAT16); // FLOAT32
   * }</pre>
   */
  public static DType promoteTypes(DType a, DType b) {
    if (a == b) {
      return a;
    }
    if (a.kind != b.kind) {
      return a.kind.ordinal() > b.kind.ordinal() ? a : b;
    }
    if (a.kind == Kind.FLOAT) {
      if (a.itemSize == 2 && b.itemSize == 2) {
        return FLOAT32; // float16 with bfloat16
      }
      return a.itemSize >= b.itemSize ? a : b;
    }
    // Both integral and different.
    if (a == UINT8 || b == UINT8) {
      DType other = a == UINT8 ? b : a;
      return other == INT8 ? INT16 : other;
    }
    return a.itemSize >= b.itemSize ? a : b;
  }
}
