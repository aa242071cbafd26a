package ai.hamu.spark.job;

/**
 * The numbers a numeric job key accepts, held by its {@link JobKey}: the job's parser refuses a
 * value outside it with {@link #expected()} in the error, and the estimator validates its Params
 * against the same range when they are set.
 *
 * @param min lower bound ({@code -∞} for none)
 * @param minIncluded whether {@code min} itself is accepted
 * @param max upper bound ({@code +∞} for none)
 * @param maxIncluded whether {@code max} itself is accepted ({@code +∞} only when true)
 * @param integer whether only integers are accepted
 * @param expected what the error message says is expected, e.g. {@code a fraction in (0, 1]}
 */
public record ValueRange(
    double min,
    boolean minIncluded,
    double max,
    boolean maxIncluded,
    boolean integer,
    String expected) {

  /** A finite number > 0. */
  static ValueRange positive() {
    return new ValueRange(0, false, Double.POSITIVE_INFINITY, false, false, "a finite number > 0");
  }

  /** A finite number >= 0. */
  static ValueRange nonNegative() {
    return new ValueRange(0, true, Double.POSITIVE_INFINITY, false, false, "a finite number >= 0");
  }

  /** A number in (0, 1]. */
  static ValueRange fraction() {
    return new ValueRange(0, false, 1, true, false, "a fraction in (0, 1]");
  }

  /** A number in [0, 1]. */
  static ValueRange unitInterval() {
    return new ValueRange(0, true, 1, true, false, "a number in [0, 1]");
  }

  /** A number in [0, {@code max}). */
  static ValueRange below(double max) {
    String bound = max == Math.rint(max) ? Long.toString((long) max) : Double.toString(max);
    return new ValueRange(0, true, max, false, false, "a number in [0, " + bound + ")");
  }

  /** An integer >= {@code min}; {@code note} (may be empty) explains a special value. */
  static ValueRange integerAtLeast(int min, String note) {
    return new ValueRange(
        min, true, Double.POSITIVE_INFINITY, false, true, "an integer >= " + min + note);
  }

  /** Whether {@code value} is accepted. */
  public boolean contains(double value) {
    boolean aboveMin = minIncluded ? value >= min : value > min;
    boolean belowMax = maxIncluded ? value <= max : value < max;
    return aboveMin && belowMax && (!integer || value == Math.rint(value));
  }
}
