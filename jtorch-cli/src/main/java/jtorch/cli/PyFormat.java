package jtorch.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Python's {@code format(x, '.Nf')}: the exact binary value rounded half-to-even, so the log lines
 * read digit for digit as the tutorial's ({@code String.format} rounds ties up).
 */
final class PyFormat {
  private PyFormat() {}

  static String fixed(double v, int decimals) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    String s = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    return v < 0 && s.matches("0(\\.0*)?") ? "-" + s : s;
  }
}
