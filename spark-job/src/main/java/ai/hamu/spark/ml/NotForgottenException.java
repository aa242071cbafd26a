package ai.hamu.spark.ml;

import ai.hamu.spark.report.Verdict;

/**
 * {@link HamuUnlearner#fit} ended without a model it can call forgotten (verdict escalate or not
 * forgotten) while {@link HamuUnlearner#setRequireForgotten requireForgotten} is on: no model is
 * returned, as the job writes none with a success exit. The run itself is in {@link #getSummary()}
 * (and {@link HamuUnlearner#getLastRun()}).
 */
public final class NotForgottenException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final transient UnlearningSummary summary;

  NotForgottenException(UnlearningSummary summary) {
    super(message(summary.getVerdict()));
    this.summary = summary;
  }

  private static String message(Verdict verdict) {
    return "hamu: "
        + verdict.recommendation()
        + "; no model returned (setRequireForgotten(false) returns it anyway)";
  }

  /** The run that did not forget: its verdict, metrics and history. */
  public UnlearningSummary getSummary() {
    return summary;
  }
}
