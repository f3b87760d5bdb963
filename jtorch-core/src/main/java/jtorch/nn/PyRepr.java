package jtorch.nn;

import java.math.BigDecimal;

/** Python's {@code repr} of a float, for module printouts ({@code eps=1e-05}). */
final class PyRepr {
  private PyRepr() {}

  static String of(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    if (v == 0) {
      return 1 / v < 0 ? "-0.0" : "0.0";
    }
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    int exp = d.precision() - d.scale() - 1;
    if (exp < -4 || exp >= 16) {
      String digits = d.unscaledValue().abs().toString();
      String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (v < 0 ? "-" : "")
          + mant
          + "e"
          + (exp < 0 ? "-" : "+")
          + String.format("%02d", Math.abs(exp));
    }
    String plain = d.toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }
}
