package ai.hamu.core.plan;

import java.util.Set;

/**
 * Turns one step's batch-mean gradients into a planned update δ (θ ← θ + δ). HAMU and every
 * baseline implement it, so one training loop runs them all.
 */
public interface UpdateRule {

  /** The gradients this rule reads. */
  Set<GradientSource> requires();

  /** Plans the step; the inputs are not modified. */
  StepPlan plan(StepInputs inputs);

  /**
   * Whether the planned step's direction stays the same when each gradient is multiplied by its own
   * positive factor (not only by one common factor, which leaves every rule's direction unchanged).
   * False unless a rule proves otherwise.
   */
  default boolean directionFreeOfGradientScales() {
    return false;
  }
}
