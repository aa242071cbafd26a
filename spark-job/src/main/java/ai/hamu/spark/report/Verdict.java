package ai.hamu.spark.report;

import ai.hamu.core.unlearn.UnlearningResult;

/**
 * HAMU's κ verdict on a run: whether collateral forgetting (retain damage that no update can
 * avoid, first order) became unavoidable, from which iteration, and what to do about it.
 *
 * @param assessed             false for baselines, which do not evaluate the stopping criterion
 * @param collateralUnavoidable whether the stopping criterion was met in some iteration
 * @param firstIteration       the first such iteration, or −1
 * @param recommendation       a sentence for the operator
 */
public record Verdict(boolean assessed, boolean collateralUnavoidable, int firstIteration, String recommendation) {

  /** The verdict of a run; {@code hamu} says whether the method evaluates the criterion. */
  public static Verdict of(UnlearningResult result, boolean hamu) {
    if (!hamu) {
      return new Verdict(false, false, -1, "not assessed: only HAMU evaluates the hardness criterion");
    }
    int first = result.firstCollateralIteration();
    if (first < 0) {
      return new Verdict(true, false, -1, "no collateral forgetting detected: every step could gain the requested "
          + "forget loss without first-order damage to the retained rows");
    }
    return new Verdict(true, true, first, "collateral forgetting became unavoidable at iteration " + first
        + ": further unlearning must degrade the retained rows; consider a full retrain without the forgotten rows");
  }
}
