package ai.hamu.spark.report;

import ai.hamu.core.unlearn.ForgettingOutcome;
import ai.hamu.core.unlearn.UnlearningResult;
import ai.hamu.spark.driver.DistributedResult;
import ai.hamu.spark.driver.RunMetrics;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * A run's verdict: whether the rows are forgotten ({@link ForgettingOutcome}), why, and HAMU's κ
 * assessment (whether and from which iteration collateral forgetting, retain damage that no update
 * can avoid at first order, became unavoidable).
 *
 * @param outcome forgotten, escalate, not forgotten or unverified
 * @param recommendation a sentence for the operator: what happened and what to do
 * @param assessed whether κ was assessed (false for baselines, which do not evaluate it)
 * @param collateralUnavoidable whether the stopping criterion was met in some iteration
 * @param firstCollateralIteration the first such iteration, if any
 */
public record Verdict(
    ForgettingOutcome outcome,
    String recommendation,
    boolean assessed,
    boolean collateralUnavoidable,
    OptionalInt firstCollateralIteration) {

  /**
   * The verdict of a run. The loop's own outcome stands, except that a model whose retained rows
   * lost more than {@code retainTolerance} of accuracy between the run's metrics before and after
   * (measured on every retained row) is never called forgotten or unverified.
   *
   * @param hamu whether the method evaluates the κ criterion
   */
  public static Verdict of(DistributedResult run, boolean hamu, double retainTolerance) {
    UnlearningResult result = run.result();
    RunMetrics before = run.before();
    RunMetrics after = run.after();
    ForgettingOutcome outcome = result.outcome();
    String recommendation = result.explanation();
    double drop = before.retain().accuracy() - after.retain().accuracy();
    boolean good =
        outcome == ForgettingOutcome.FORGOTTEN || outcome == ForgettingOutcome.UNVERIFIED;
    if (good && drop > retainTolerance) {
      outcome = ForgettingOutcome.NOT_FORGOTTEN;
      recommendation =
          String.format(
              Locale.ROOT,
              "not forgotten: retain accuracy fell by %.4f (%.4f -> %.4f), more "
                  + "than the tolerance %.4f; retrain without the forgotten rows",
              drop,
              before.retain().accuracy(),
              after.retain().accuracy(),
              retainTolerance);
    }
    OptionalInt first = hamu ? result.firstCollateralIteration() : OptionalInt.empty();
    return new Verdict(outcome, recommendation, hamu, first.isPresent(), first);
  }

  /**
   * Whether the unlearned model may be used as it is: forgotten, or unverified at the operator's
   * request.
   */
  public boolean success() {
    return outcome == ForgettingOutcome.FORGOTTEN || outcome == ForgettingOutcome.UNVERIFIED;
  }

  /** Whether a full retrain without the forgotten rows is the recommended next step. */
  public boolean retrainRecommended() {
    return !success();
  }
}
