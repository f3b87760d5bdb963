package jtorch;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Turns the elements a tensor print shows into right-aligned text of one common width, as {@code
 * torch._tensor_str._Formatter} does with the default precision of 4.
 *
 * <p>Floating-point elements print in one of three styles chosen from the nonzero finite values:
 * integer style ({@code 3.}) when all are whole numbers, scientific ({@code 1.2346e-05}) when the
 * largest magnitude exceeds 1e8 or 1000 times the smallest (or, for non-integers, the smallest is
 * below 1e-4), fixed ({@code 0.3333}) otherwise. Rounding is to nearest, ties to even, on the exact
 * binary value, as Python's {@code format} rounds. Integers print in decimal and bools as {@code
 * True}/{@code False}.
 *
 * <pre>{@code
 * ElementFormatter.Cells c = ElementFormatter.format(Torch.tensor(new float[] {1.5f, -20f}));
 * c.text();   // ["  1.5000", "-20.0000"]
 * c.width();  // 8
 * }</pre>
 */
final class ElementFormatter {
  /** Digits after the decimal point, as {@code torch.set_printoptions(precision=4)}. */
  static final int PRECISION = 4;

  private ElementFormatter() {}

  /**
   * The elements' text in row-major order, each padded on the left to {@code width}.
   *
   * @param text one string per element; a few (such as {@code -0.} among zeros) may be wider
   * @param width the common width, used to decide how many elements fit on a line
   */
  record Cells(String[] text, int width) {}

  /** Formats all elements of {@code t} (any device, any dtype). */
  static Cells format(Tensor t) {
    if (t.dtype().isFloatingPoint()) {
      return floats(t.toDoubleArray());
    }
    return integers(t.toLongArray(), t.dtype() == DType.BOOL);
  }

  private static Cells integers(long[] values, boolean bool) {
    String[] text = new String[values.length];
    int width = 1;
    for (int i = 0; i < values.length; i++) {
      text[i] = bool ? (values[i] != 0 ? "True" : "False") : Long.toString(values[i]);
      width = Math.max(width, text[i].length());
    }
    return padded(text, width);
  }

  /** The print style of a floating-point tensor. */
  private enum Style {
    INTEGER,
    FIXED,
    SCIENTIFIC
  }

  private static Cells floats(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    boolean whole = true;
    for (double v : values) {
      if (Double.isFinite(v) && v != 0) {
        min = Math.min(min, Math.abs(v));
        max = Math.max(max, Math.abs(v));
        whole &= v == Math.ceil(v);
      }
    }
    boolean anyShown = max > 0;
    boolean wide = anyShown && (max / min > 1000.0 || max > 1.0e8);
    Style style =
        wide || (anyShown && !whole && min < 1.0e-4)
            ? Style.SCIENTIFIC
            : whole ? Style.INTEGER : Style.FIXED;
    int width = 1;
    String[] text = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      text[i] = text(values[i], style);
      if (Double.isFinite(values[i]) && values[i] != 0) {
        width = Math.max(width, text[i].length());
      }
    }
    return padded(text, width);
  }

  private static String text(double v, Style style) {
    return switch (style) {
      case SCIENTIFIC -> scientific(v, PRECISION);
      case FIXED -> fixed(v, PRECISION);
      case INTEGER -> Double.isFinite(v) ? fixed(v, 0) + "." : fixed(v, 0);
    };
  }

  /** As Python's {@code "{:.Nf}".format(v)}: {@code -0.0000}, {@code nan}, {@code -inf}. */
  static String fixed(double v, int digits) {
    if (!Double.isFinite(v)) {
      return nonFinite(v);
    }
    String abs =
        new BigDecimal(Math.abs(v)).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    return sign(v) + abs;
  }

  /** As Python's {@code "{:.Ne}".format(v)}: {@code 1.2346e-05}, {@code -0.0000e+00}. */
  static String scientific(double v, int digits) {
    if (!Double.isFinite(v)) {
      return nonFinite(v);
    }
    BigDecimal abs = new BigDecimal(Math.abs(v));
    int exponent = 0;
    if (abs.signum() != 0) {
      abs = abs.round(new MathContext(digits + 1, RoundingMode.HALF_EVEN));
      exponent = abs.precision() - abs.scale() - 1;
      abs = abs.movePointLeft(exponent);
    }
    String mantissa = abs.setScale(digits, RoundingMode.UNNECESSARY).toPlainString();
    int e = Math.abs(exponent);
    return sign(v) + mantissa + (exponent < 0 ? "e-" : "e+") + (e < 10 ? "0" : "") + e;
  }

  private static String sign(double v) {
    return Double.doubleToRawLongBits(v) < 0 ? "-" : "";
  }

  private static String nonFinite(double v) {
    return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
  }

  private static Cells padded(String[] text, int width) {
    for (int i = 0; i < text.length; i++) {
      if (text[i].length() < width) {
        text[i] = " ".repeat(width - text[i].length()) + text[i];
      }
    }
    return new Cells(text, width);
  }
}
