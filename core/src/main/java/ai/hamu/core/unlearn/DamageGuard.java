package ai.hamu.core.unlearn;

import ai.hamu.core.forgetting.ForgettingCheck;
import java.util.Optional;

/**
 * Whether weights carry more collateral damage than the tolerance, against the original model: for
 * classifiers, retain accuracy fell by more than the tolerance, or the accuracy of the held-out
 * rows of retained classes did; for regression, the mean retain loss rose by more than the
 * tolerance relative to its original value.
 *
 * <p>The held-out rows are the same rows at every check, so their accuracy change is measured on
 * those rows (rows lost minus rows gained, over the rows), and its standard error is the paired
 * one, √(lost + gained)/n ({@link ForgettingCheck#heldOutChangeError}): rows whose prediction did
 * not change add no noise. The tolerance is widened to that error when the sample cannot resolve
 * it: 2 of 150 held-out rows lost and none gained is 1.3 points against an error of 0.9, damage; 12
 * lost and 10 gained is also 1.3 points, against an error of 3.1, not resolved.
 *
 * @param regression whether the model is a regression (no accuracies)
 * @param tolerance the largest accepted accuracy loss (relative loss rise for regression)
 * @param originalRetainLoss the original model's mean retain loss
 * @param originalRetainAccuracy its retain accuracy (NaN for regression)
 * @param originalHeldOutAccuracy its held-out accuracy of retained classes (NaN if not measured)
 */
record DamageGuard(
    boolean regression,
    double tolerance,
    double originalRetainLoss,
    double originalRetainAccuracy,
    double originalHeldOutAccuracy) {

  /**
   * Slack for the rounding of accuracies held as fractions: one row lost of 65 is 48/65 − 47/65,
   * which comes out a few ulps above its own paired error 1/65 for 16 of the 64 possible counts,
   * and would otherwise be damage or not by the accident of the count.
   */
  private static final double ROUNDING = 1e-12;

  /** The guard against the run's first iteration {@code original}. */
  static DamageGuard against(IterationRecord original, boolean regression, double tolerance) {
    return new DamageGuard(
        regression,
        tolerance,
        original.retainLoss(),
        original.retainAccuracy(),
        heldOutAccuracy(original.check()));
  }

  /**
   * Whether the point with {@code retainLoss}, {@code retainAccuracy} and target check {@code now}
   * is damaged.
   */
  boolean damaged(double retainLoss, double retainAccuracy, Optional<ForgettingCheck> now) {
    if (regression) {
      return retainLoss - originalRetainLoss > tolerance * Math.abs(originalRetainLoss) + ROUNDING;
    }
    // NaN compares false: without held-out rows only the retained rows are judged
    return originalRetainAccuracy - retainAccuracy > tolerance + ROUNDING
        || originalHeldOutAccuracy - heldOutAccuracy(now)
            > Math.max(tolerance, now.map(ForgettingCheck::heldOutChangeError).orElse(0.0))
                + ROUNDING;
  }

  private static double heldOutAccuracy(Optional<ForgettingCheck> check) {
    return check.map(ForgettingCheck::heldOutAccuracy).orElse(Double.NaN);
  }
}
