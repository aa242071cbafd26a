package ai.hamu.spark.perf;

import java.util.Arrays;

/** Small summaries of repeated measurements. */
final class Stats {

  private Stats() {}

  /** The median (mean of the middle two for an even count); NaN for no values. */
  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int m = v.length / 2;
    return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
  }

  /** Milliseconds since {@code startNanos}. */
  static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }
}
