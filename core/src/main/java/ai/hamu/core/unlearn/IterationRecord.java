package ai.hamu.core.unlearn;

import ai.hamu.core.forgetting.ForgettingCheck;
import ai.hamu.core.plan.StepPlan;
import java.util.Objects;
import java.util.Optional;

/**
 * One iteration of an unlearning run: the losses and accuracies at the weights the iteration
 * started from, the forgetting target there, the planned step with all its diagnostics, how the
 * loop sized it, and the wall time of the iteration.
 *
 * @param iteration 0-based iteration number
 * @param retainLoss mean retain loss before the step
 * @param retainAccuracy retain accuracy before the step (NaN for regression)
 * @param forgetLoss mean forget loss before the step
 * @param forgetAccuracy forget accuracy before the step (NaN for regression)
 * @param plan the planned step (applied iff {@code plan.apply()}); its δ and predicted changes are
 *     the applied ones, i.e. already scaled by {@code stepScale}
 * @param wallNanos wall time of the iteration
 * @param stepScale the factor the loop applied to the rule's δ (1 as planned; 0 when no step was
 *     taken)
 * @param undone whether the step that led to these weights was undone in this iteration: the losses
 *     above are those of the undone point, and {@code plan} is that step's direction retried from
 *     the weights before it at a shorter length (not taken when the step size collapsed)
 * @param check the forgetting target at the weights this iteration started from, when measured
 */
public record IterationRecord(
    int iteration,
    double retainLoss,
    double retainAccuracy,
    double forgetLoss,
    double forgetAccuracy,
    StepPlan plan,
    long wallNanos,
    double stepScale,
    boolean undone,
    Optional<ForgettingCheck> check) {

  public IterationRecord {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(check, "check");
  }

  /** This record with its plan replaced (e.g. without δ, as a run's history keeps it). */
  public IterationRecord withPlan(StepPlan other) {
    return new IterationRecord(
        iteration,
        retainLoss,
        retainAccuracy,
        forgetLoss,
        forgetAccuracy,
        other,
        wallNanos,
        stepScale,
        undone,
        check);
  }
}
