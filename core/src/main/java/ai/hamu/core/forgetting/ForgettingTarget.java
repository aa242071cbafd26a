package ai.hamu.core.forgetting;

/**
 * The tolerances of the forgetting target.
 *
 * <p>Rows whose class still has retained rows ("shared" rows) are compared with held-out rows
 * reweighted to the same class mix: the target is met when their accuracy is at most the held-out
 * accuracy plus the accuracy tolerance and the membership AUC (the probability that a forgotten row
 * has a lower loss than a held-out row) is at most 0.5 plus the AUC tolerance. Rows of a class no
 * retained row has ("absent-class" rows) meet it when their accuracy is at most the accuracy
 * tolerance. The two tolerances of the shared rows are widened to the sampling error of their own
 * statistic when the samples are too small to resolve them (one standard error), so that a small
 * forget set is not pushed past the point where it is statistically indistinguishable from unseen
 * rows. A step that lands more than twice the tolerance on the other side (forgotten rows now
 * recognisably <em>worse</em> than unseen ones) has overshot.
 *
 * <p>While the target is measured, the loop raises each forgotten row's loss only up to a cap: the
 * {@code lossCapQuantile} of the held-out rows' losses at the original weights ({@link
 * ForgettingMonitor#lossCap}). A row above it already looks less familiar than most unseen rows.
 *
 * @param accuracyTolerance allowed accuracy excess of the forgotten rows over the reference, in [0,
 *     1)
 * @param aucTolerance allowed membership AUC excess over 0.5, in [0, 0.5)
 * @param lossCapQuantile the held-out loss quantile that caps each forgotten row's loss, in (0, 1]
 */
public record ForgettingTarget(
    double accuracyTolerance, double aucTolerance, double lossCapQuantile) {

  /** The defaults: 0.01 accuracy, 0.02 AUC, forget losses capped at the held-out 0.95 quantile. */
  public static final ForgettingTarget DEFAULT = new ForgettingTarget(0.01, 0.02, 0.95);

  public ForgettingTarget {
    if (!(lossCapQuantile > 0 && lossCapQuantile <= 1)) {
      throw new IllegalArgumentException(
          "lossCapQuantile: expected a number in (0, 1], got " + lossCapQuantile);
    }
    if (!(accuracyTolerance >= 0 && accuracyTolerance < 1)) {
      throw new IllegalArgumentException(
          "accuracyTolerance: expected a number in [0, 1), got " + accuracyTolerance);
    }
    if (!(aucTolerance >= 0 && aucTolerance < 0.5)) {
      throw new IllegalArgumentException(
          "aucTolerance: expected a number in [0, 0.5), got " + aucTolerance);
    }
  }
}
