package ai.hamu.spark.eval;

import ai.hamu.core.metrics.MembershipInference;

/**
 * The loss-threshold membership-inference attack against one model: ROC AUC of the forget rows
 * against held-out test rows (0.5: the forgotten rows look like unseen data) and against retain
 * rows, and the attack's true-positive rate on the forget rows at 1% and 0.1% false positives on
 * the test rows.
 *
 * @param aucForgetVsTest   AUC, forget rows as members, test rows as non-members
 * @param aucForgetVsRetain AUC, forget rows against retain rows
 * @param tprAt1PctFpr      TPR at FPR ≤ 1% (forget vs test)
 * @param tprAt01PctFpr     TPR at FPR ≤ 0.1% (forget vs test)
 */
public record MembershipScores(double aucForgetVsTest, double aucForgetVsRetain, double tprAt1PctFpr,
    double tprAt01PctFpr) {

  /** The attack on per-example losses of forget, retain and test rows. */
  public static MembershipScores of(double[] forget, double[] retain, double[] test) {
    return new MembershipScores(MembershipInference.auc(forget, test), MembershipInference.auc(forget, retain),
        MembershipInference.tprAtFpr(forget, test, 0.01), MembershipInference.tprAtFpr(forget, test, 0.001));
  }

  /** Component-wise {@code this − other}. */
  public MembershipScores minus(MembershipScores other) {
    return new MembershipScores(aucForgetVsTest - other.aucForgetVsTest, aucForgetVsRetain - other.aucForgetVsRetain,
        tprAt1PctFpr - other.tprAt1PctFpr, tprAt01PctFpr - other.tprAt01PctFpr);
  }
}
