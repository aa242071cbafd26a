package ai.hamu.core.plan;

/** Why a planned step is not applied. */
public enum StopReason {
  /** The step is applied. */
  NONE,
  /** The stopping criterion is met and stopping on it is enabled: collateral forgetting has become unavoidable. */
  STOPPING_CRITERION,
  /** A tensor's constraint cannot be met within its radius and the policy is to stop. */
  INFEASIBLE
}
