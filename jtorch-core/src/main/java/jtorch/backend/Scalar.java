package jtorch.backend;

/**
 * A number passed to a kernel: integral values keep all 64 bits.
 *
 * @param value the value as a double
 * @param longValue the value as a long (exact for integral scalars)
 * @param integral whether the scalar came from an integer or boolean
 */
public record Scalar(double value, long longValue, boolean integral) {

  /** A floating-point scalar. */
  public static Scalar of(double v) {
    return new Scalar(v, (long) v, false);
  }

  /** An integral scalar. */
  public static Scalar of(long v) {
    return new Scalar(v, v, true);
  }
}
