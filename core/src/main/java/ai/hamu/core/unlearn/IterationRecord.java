package ai.hamu.core.unlearn;

import ai.hamu.core.plan.StepPlan;

/**
 * One iteration of an unlearning run: the losses and accuracies at the weights the iteration
 * started from, the planned step with all its diagnostics, and the wall time of the iteration.
 *
 * @param iteration      0-based iteration number
 * @param retainLoss     mean retain loss before the step
 * @param retainAccuracy retain accuracy before the step (NaN for regression)
 * @param forgetLoss     mean forget loss before the step
 * @param forgetAccuracy forget accuracy before the step (NaN for regression)
 * @param plan           the planned step (applied iff {@code plan.apply()})
 * @param wallNanos      wall time of the iteration
 */
public record IterationRecord(int iteration, double retainLoss, double retainAccuracy, double forgetLoss,
    double forgetAccuracy, StepPlan plan, long wallNanos) {
}
