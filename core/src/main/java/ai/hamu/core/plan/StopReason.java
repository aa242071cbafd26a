package ai.hamu.core.plan;

/** Why a planned step is not applied. */
public enum StopReason {
  /** The step is applied. */
  NONE,
  /**
   * The stopping criterion is met and stopping on it is enabled: collateral forgetting has become
   * unavoidable.
   */
  STOPPING_CRITERION,
  /** A tensor's constraint cannot be met within its radius and the policy is to stop. */
  INFEASIBLE,
  /**
   * The loop did not take the step although the rule would have: the run ended at this iteration
   * (forgetting target met, iteration budget spent), or the step that led here was undone.
   */
  NOT_TAKEN
}
