package ai.hamu.core.unlearn;

/** The verdict of a run on whether the forgotten rows are forgotten. */
public enum ForgettingOutcome {
  /**
   * The forgetting target was met on a model that moved, with the retained rows intact within the
   * tolerance.
   */
  FORGOTTEN,
  /**
   * Unlearning cannot get there without damaging the retained rows: the hardness criterion κ fired,
   * a step was infeasible, or every step size tried damaged them. Retrain without the rows.
   */
  ESCALATE,
  /** The budget ran out before the target was met, the model did not move, or it was damaged. */
  NOT_FORGOTTEN,
  /** No forgetting target was measured (it was turned off); the model moved and was not damaged. */
  UNVERIFIED
}
