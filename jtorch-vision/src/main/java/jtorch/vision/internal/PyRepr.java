package jtorch.vision.internal;

import java.math.BigDecimal;

/** Formats numbers as Python's {@code repr} does, for torchvision-style {@code toString()}s. */
public final class PyRepr {
  private PyRepr() {}

  /**
   * A double as Python's {@code repr(float)}: the shortest digits that round-trip, fixed notation
   * for exponents -4..15 and scientific otherwise, e.g. {@code 0.1302}, {@code 10.0}, {@code
   * 1e-05}, {@code 1e+16}, {@code inf}, {@code nan}.
   */
  public static String of(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return (1 / v < 0) ? "-0.0" : "0.0";
    }
    // Java's Double.toString gives the shortest round-tripping digits (JDK 19+), as Python.
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int decpt = digits.length() - d.scale(); // value = 0.DIGITS x 10^decpt
    String sign = v < 0 ? "-" : "";
    if (decpt > -4 && decpt <= 16) {
      if (decpt <= 0) {
        return sign + "0." + "0".repeat(-decpt) + digits;
      }
      if (decpt >= digits.length()) {
        return sign + digits + "0".repeat(decpt - digits.length()) + ".0";
      }
      return sign + digits.substring(0, decpt) + "." + digits.substring(decpt);
    }
    int exp = decpt - 1;
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign
        + mantissa
        + "e"
        + (exp < 0 ? "-" : "+")
        + (Math.abs(exp) < 10 ? "0" : "")
        + Math.abs(exp);
  }

  /** A list of doubles as Python prints a list of floats, e.g. {@code [0.5, 0.25]}. */
  public static String list(double[] v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(of(v[i]));
    }
    return sb.append(']').toString();
  }

  /** A number that Python would hold as an int when integral (e.g. a fill value): 0, 0.5. */
  public static String intOrFloat(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : of(v);
  }
}
