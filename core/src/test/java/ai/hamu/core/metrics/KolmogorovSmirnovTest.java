package ai.hamu.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Known answers for the KS statistic, and a brute-force ECDF comparison at every sample point. */
class KolmogorovSmirnovTest {

  @Test
  void knownAnswers() {
    assertEquals(
        0.0, KolmogorovSmirnov.statistic(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 0);
    assertEquals(1.0, KolmogorovSmirnov.statistic(new double[] {1, 2}, new double[] {5, 6, 7}), 0);
    // {1,2,3,4} vs {3,4,5,6}: at x=2, F_a=0.5, F_b=0 → D = 0.5
    assertEquals(
        0.5, KolmogorovSmirnov.statistic(new double[] {1, 2, 3, 4}, new double[] {3, 4, 5, 6}), 0);
  }

  @Test
  void matchesTheSupremumOverAllSamplePoints() {
    Random random = new Random(12);
    for (int trial = 0; trial < 30; trial++) {
      double[] a = new double[1 + random.nextInt(40)];
      double[] b = new double[1 + random.nextInt(40)];
      for (int i = 0; i < a.length; i++) {
        a[i] = random.nextInt(10);
      }
      for (int i = 0; i < b.length; i++) {
        b[i] = random.nextInt(10) + random.nextDouble();
      }
      double d = 0;
      for (double[] sample : new double[][] {a, b}) {
        for (double x : sample) {
          d = Math.max(d, Math.abs(ecdf(a, x) - ecdf(b, x)));
        }
      }
      assertEquals(d, KolmogorovSmirnov.statistic(a, b), 1e-12, "trial " + trial);
    }
  }

  private static double ecdf(double[] sample, double x) {
    int c = 0;
    for (double v : sample) {
      if (v <= x) {
        c++;
      }
    }
    return (double) c / sample.length;
  }
}
