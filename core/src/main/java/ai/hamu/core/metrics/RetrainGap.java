package ai.hamu.core.metrics;

import java.util.Objects;

/**
 * How far an unlearned model is from the model retrained on the retain rows alone, the gold
 * standard: each metric's difference unlearned − retrained (0 = as good as retraining), and the
 * Kolmogorov–Smirnov distance between the two models' per-example forget-loss distributions.
 *
 * @param forgetAccuracy forget accuracy difference (NaN for regression)
 * @param retainAccuracy retain accuracy difference (NaN for regression)
 * @param testAccuracy test accuracy difference (NaN for regression)
 * @param forgetLoss mean forget loss difference
 * @param retainLoss mean retain loss difference
 * @param testLoss mean test loss difference
 * @param forgetTestAuc membership-inference AUC (forget vs test) difference
 * @param forgetRetainAuc membership-inference AUC (forget vs retain) difference
 * @param forgetTprAt1PctFpr difference of the attack's TPR on forget rows at 1% FPR on test rows
 * @param forgetTprAt01PctFpr difference of the attack's TPR on forget rows at 0.1% FPR on test rows
 * @param forgetLossKs KS statistic between the forget-loss distributions (0 = identical)
 */
public record RetrainGap(
    double forgetAccuracy,
    double retainAccuracy,
    double testAccuracy,
    double forgetLoss,
    double retainLoss,
    double testLoss,
    double forgetTestAuc,
    double forgetRetainAuc,
    double forgetTprAt1PctFpr,
    double forgetTprAt01PctFpr,
    double forgetLossKs) {

  /** The gap of {@code unlearned} to {@code retrained}, both evaluated on the same splits. */
  public static RetrainGap between(ModelEvaluation unlearned, ModelEvaluation retrained) {
    Objects.requireNonNull(unlearned, "unlearned");
    Objects.requireNonNull(retrained, "retrained");
    requireSameRows("forget", unlearned.forget(), retrained.forget());
    requireSameRows("retain", unlearned.retain(), retrained.retain());
    requireSameRows("test", unlearned.test(), retrained.test());
    return new RetrainGap(
        unlearned.forget().accuracy() - retrained.forget().accuracy(),
        unlearned.retain().accuracy() - retrained.retain().accuracy(),
        unlearned.test().accuracy() - retrained.test().accuracy(),
        unlearned.forget().meanLoss() - retrained.forget().meanLoss(),
        unlearned.retain().meanLoss() - retrained.retain().meanLoss(),
        unlearned.test().meanLoss() - retrained.test().meanLoss(),
        unlearned.forgetVersusTestAuc() - retrained.forgetVersusTestAuc(),
        unlearned.forgetVersusRetainAuc() - retrained.forgetVersusRetainAuc(),
        unlearned.forgetTprAtTestFpr(MembershipInference.FPR_1_PERCENT)
            - retrained.forgetTprAtTestFpr(MembershipInference.FPR_1_PERCENT),
        unlearned.forgetTprAtTestFpr(MembershipInference.FPR_01_PERCENT)
            - retrained.forgetTprAtTestFpr(MembershipInference.FPR_01_PERCENT),
        KolmogorovSmirnov.statistic(unlearned.forget().losses(), retrained.forget().losses()));
  }

  private static void requireSameRows(String split, SplitLosses a, SplitLosses b) {
    if (a.rows() != b.rows() || a.losses().length != b.losses().length) {
      throw new IllegalArgumentException(
          split
              + " split: expected both models evaluated on the same rows, got "
              + a.rows()
              + " and "
              + b.rows()
              + " rows with "
              + a.losses().length
              + " and "
              + b.losses().length
              + " per-example losses");
    }
  }
}
