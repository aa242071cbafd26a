package ai.hamu.core.unlearn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.forgetting.ForgettingCheck;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The collateral-damage rule, on counts worked out by hand: a 1-point tolerance, retain accuracy
 * 0.950 and 150 held-out rows of retained classes, 135 of them right, at the original weights.
 */
class DamageGuardTest {

  private static final DamageGuard ONE_POINT = new DamageGuard(false, 0.01, 0.20, 0.950, 0.90);

  @Test
  void heldOutRowsAreHeldToTheToleranceWidenedOnlyToThePairedErrorOfTheirChange() {
    // 133 of 150, 2 rows lost and none gained: 1.33 points, paired error √2/150 = 0.94 points.
    // The accuracy's own standard error √(0.9·0.1/150) is 2.4 points: a guard widened to it would
    // let this pass
    assertTrue(ONE_POINT.damaged(0.20, 0.950, heldOut(133, 2)), "2 of 150 rows lost");
    assertFalse(ONE_POINT.damaged(0.20, 0.950, heldOut(134, 1)), "1 of 150: 0.67 points");
    // the same 1.33 points as 12 lost and 10 gained: paired error √22/150 = 3.1 points
    assertFalse(ONE_POINT.damaged(0.20, 0.950, heldOut(133, 22)), "not resolved by 150 rows");
    // 20 lost and 5 gained: 10 points, beyond the paired error √25/150 = 3.3 points
    assertTrue(ONE_POINT.damaged(0.20, 0.950, heldOut(120, 25)), "10 points lost");
    assertFalse(ONE_POINT.damaged(0.20, 0.950, heldOut(140, 5)), "a gain is not damage");
  }

  @Test
  void aDropOfExactlyThePairedErrorOrTheToleranceIsNotDamageWhateverTheCount() {
    // one of 65 held-out rows lost and none gained: a drop of 1/65, equal to its paired error
    // √1/65, so not resolved; two lost: 2/65 = 3.1 points against √2/65 = 2.2, damage. Checked at
    // every count the original could have had right, since the fractions round differently.
    for (int right = 2; right <= 65; right++) {
      DamageGuard guard = new DamageGuard(false, 0.01, 0.20, 0.950, right / 65.0);
      assertFalse(guard.damaged(0.20, 0.950, heldOut(right - 1, 1, 65)), right + " of 65, 1 lost");
      assertTrue(guard.damaged(0.20, 0.950, heldOut(right - 2, 2, 65)), right + " of 65, 2 lost");
    }
    // retained rows: 950 → 940 of 1,000 is exactly the 1-point tolerance, 939 is beyond it
    DamageGuard thousand = new DamageGuard(false, 0.01, 0.20, 950 / 1000.0, Double.NaN);
    assertFalse(thousand.damaged(0.20, 940 / 1000.0, Optional.empty()), "exactly 1 point");
    assertTrue(thousand.damaged(0.20, 939 / 1000.0, Optional.empty()), "1.1 points");
  }

  @Test
  void retainedRowsAreHeldToTheTolerance() {
    assertTrue(ONE_POINT.damaged(0.20, 0.939, heldOut(135, 0)), "1.1 points lost");
    assertFalse(ONE_POINT.damaged(0.20, 0.941, heldOut(135, 0)), "0.9 points lost");
  }

  @Test
  void withoutHeldOutRowsOnlyTheRetainedRowsAreJudged() {
    DamageGuard blind = new DamageGuard(false, 0.01, 0.20, 0.950, Double.NaN);
    assertFalse(
        blind.damaged(0.20, 0.950, heldOut(0, 135)), "no original held-out accuracy to compare");
    assertFalse(ONE_POINT.damaged(0.20, 0.950, Optional.empty()), "no held-out check now");
    assertTrue(blind.damaged(0.20, 0.930, Optional.empty()));
  }

  @Test
  void regressionIsJudgedByTheRelativeRiseOfTheRetainLoss() {
    DamageGuard regression = new DamageGuard(true, 0.01, 2.0, Double.NaN, Double.NaN);
    assertFalse(regression.damaged(2.019, Double.NaN, Optional.empty()), "+0.95%");
    assertTrue(regression.damaged(2.021, Double.NaN, Optional.empty()), "+1.05%");
  }

  /**
   * A check whose only informative values are the held-out accuracy, {@code right} of 150 rows, and
   * its change's paired error from the {@code flipped} rows whose prediction changed.
   */
  private static Optional<ForgettingCheck> heldOut(int right, int flipped) {
    return heldOut(right, flipped, 150);
  }

  /** As {@link #heldOut(int, int)}, of {@code rows} held-out rows. */
  private static Optional<ForgettingCheck> heldOut(int right, int flipped, int rows) {
    double nan = Double.NaN;
    return Optional.of(
        new ForgettingCheck(
            true,
            false,
            false,
            0,
            nan,
            nan,
            nan,
            nan,
            nan,
            0,
            nan,
            0.01,
            (double) right / rows,
            Math.sqrt(flipped) / rows));
  }
}
