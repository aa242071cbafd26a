package ai.hamu.core.bench;

import java.util.Locale;

/** Number formatting shared by the grid's names, tables and charts (locale-independent). */
final class BenchFormat {

  private BenchFormat() {}

  /** {@code v} in its shortest plain form (0.25, 5, 12.5), six significant digits at most. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = String.format(Locale.ROOT, "%.6g", v);
    if (s.contains("e")) {
      return s;
    }
    return s.contains(".") ? s.replaceFirst("0+$", "").replaceFirst("\\.$", "") : s;
  }

  /** {@code v} with {@code digits} decimals, "" for NaN. */
  static String fixed(double v, int digits) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + digits + "f", v);
  }
}
