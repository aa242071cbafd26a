package ai.hamu.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Mean and sample standard deviation by hand; NaN values are skipped. */
class SeedSpreadTest {

  @Test
  void meanAndSampleSd() {
    SeedSpread s = SeedSpread.of(new double[] {1, 2, 6, Double.NaN});
    assertEquals(3.0, s.mean(), 1e-15);
    // deviations −2, −1, 3: Σ² = 14, / (3 − 1) = 7
    assertEquals(Math.sqrt(7), s.sd(), 1e-15);
    assertEquals(3, s.count());
    assertEquals("3.000 ± 2.646", s.format(3));
    assertEquals("–", SeedSpread.of(new double[] {Double.NaN}).format(3));
    assertEquals(0.0, SeedSpread.of(new double[] {4}).sd(), 0);
    assertTrue(SeedSpread.of(new double[0]).count() == 0);
  }
}
