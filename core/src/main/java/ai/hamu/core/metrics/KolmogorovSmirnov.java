package ai.hamu.core.metrics;

import java.util.Arrays;

/**
 * The two-sample Kolmogorov–Smirnov statistic D = sup_x |F_a(x) − F_b(x)| between two empirical
 * distributions, e.g. the per-example forget losses of an unlearned and a retrained model (0:
 * identical distributions, 1: disjoint).
 */
public final class KolmogorovSmirnov {

  private KolmogorovSmirnov() {}

  /** D between the samples {@code a} and {@code b} (neither modified). */
  public static double statistic(double[] a, double[] b) {
    if (a.length == 0 || b.length == 0) {
      throw new IllegalArgumentException(
          "expected two non-empty samples, got sizes " + a.length + " and " + b.length);
    }
    double[] x = a.clone();
    double[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    int i = 0;
    int j = 0;
    double d = 0;
    while (i < x.length && j < y.length) {
      double v = Math.min(x[i], y[j]);
      while (i < x.length && x[i] == v) {
        i++;
      }
      while (j < y.length && y[j] == v) {
        j++;
      }
      d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
    }
    return d;
  }
}
