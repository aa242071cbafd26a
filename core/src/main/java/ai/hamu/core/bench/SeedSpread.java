package ai.hamu.core.bench;

/**
 * Mean and sample standard deviation of one metric over the seeds of a grid cell, ignoring NaN
 * values (a metric undefined for a method).
 *
 * @param mean mean over the defined values (NaN if none)
 * @param sd sample standard deviation (0 for a single value, NaN if none)
 * @param count number of defined values
 */
public record SeedSpread(double mean, double sd, int count) {

  /** The spread of {@code values}. */
  public static SeedSpread of(double[] values) {
    double sum = 0;
    int n = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    if (n == 0) {
      return new SeedSpread(Double.NaN, Double.NaN, 0);
    }
    double mean = sum / n;
    double ss = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        ss += (v - mean) * (v - mean);
      }
    }
    return new SeedSpread(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0.0, n);
  }

  /** "mean ± sd" with {@code digits} decimals, "–" when undefined. */
  public String format(int digits) {
    if (count == 0) {
      return "–";
    }
    String m = BenchFormat.fixed(mean, digits);
    return count > 1 ? m + " ± " + BenchFormat.fixed(sd, digits) : m;
  }
}
