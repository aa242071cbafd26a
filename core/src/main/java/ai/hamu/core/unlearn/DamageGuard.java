package ai.hamu.core.unlearn;

import ai.hamu.core.forgetting.ForgettingCheck;
import java.util.Optional;

/**
 * Whether weights carry more collateral damage than the tolerance, against the original model: for
 * classifiers, retain accuracy fell by more than the tolerance, or the accuracy of the held-out rows
 * of retained classes did; for regression, the mean retain loss rose by more than the tolerance
 * relative to its original value.
 *
 * <p>The held-out rows are the same rows at every check, so their accuracy change is a measurement
 * on those rows (rows now wrong minus rows now right, over the rows), held to the tolerance itself:
 * 2 of 150 held-out rows lost is 1.3 points, beyond a 1-point tolerance.
 *
 * @param regression              whether the model is a regression (no accuracies)
 * @param tolerance               the largest accepted accuracy loss (relative loss rise for regression)
 * @param originalRetainLoss      the original model's mean retain loss
 * @param originalRetainAccuracy  its retain accuracy (NaN for regression)
 * @param originalHeldOutAccuracy its held-out accuracy of retained classes (NaN if not measured)
 */
record DamageGuard(
    boolean regression,
    double tolerance,
    double originalRetainLoss,
    double originalRetainAccuracy,
    double originalHeldOutAccuracy) {

  /** The guard against the run's first iteration {@code original}. */
  static DamageGuard against(IterationRecord original, boolean regression, double tolerance) {
    return new DamageGuard(
        regression,
        tolerance,
        original.retainLoss(),
        original.retainAccuracy(),
        heldOutAccuracy(original.check()));
  }

  /** Whether the point with {@code retainLoss}, {@code retainAccuracy} and target check {@code now} is damaged. */
  boolean damaged(double retainLoss, double retainAccuracy, Optional<ForgettingCheck> now) {
    if (regression) {
      return retainLoss - originalRetainLoss > tolerance * Math.abs(originalRetainLoss) + 1e-12;
    }
    // NaN compares false: without held-out rows only the retained rows are judged
    return originalRetainAccuracy - retainAccuracy > tolerance
        || originalHeldOutAccuracy - heldOutAccuracy(now) > tolerance;
  }

  private static double heldOutAccuracy(Optional<ForgettingCheck> check) {
    return check.map(ForgettingCheck::heldOutAccuracy).orElse(Double.NaN);
  }
}
