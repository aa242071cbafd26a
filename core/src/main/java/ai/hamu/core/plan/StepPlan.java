package ai.hamu.core.plan;

import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.solve.Branch;
import ai.hamu.core.solve.TensorDiagnostics;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of planning one step: whether to apply it and, if not, why; the update δ when it is
 * applied; every per-tensor diagnostic (empty for baselines); and the model-wide summary. A step
 * that has been applied may drop its δ ({@link #withoutDelta}): δ is as large as the model, and a
 * run's history keeps only the diagnostics.
 */
public record StepPlan(
    StopReason stopReason,
    Optional<ParameterBlocks> delta,
    List<TensorDiagnostics> tensors,
    StepSummary summary) {

  public StepPlan {
    Objects.requireNonNull(stopReason, "stopReason");
    Objects.requireNonNull(delta, "delta");
    tensors = List.copyOf(tensors);
    Objects.requireNonNull(summary, "summary");
    if (stopReason != StopReason.NONE && delta.isPresent()) {
      throw new IllegalArgumentException(
          "a step that is not applied carries no δ; stopReason=" + stopReason);
    }
  }

  /** This plan without its δ: what a run's history keeps once the step has been applied. */
  public StepPlan withoutDelta() {
    return delta.isEmpty() ? this : new StepPlan(stopReason, Optional.empty(), tensors, summary);
  }

  /**
   * This plan with δ multiplied by {@code factor} > 0 (the loop's step-size control), and the
   * summary's predicted loss changes with it. HAMU's update is homogeneous in the radius and the
   * constraint, so the result is the solution for radii and constraints scaled by {@code factor};
   * the per-tensor diagnostics keep the planner's own values.
   */
  public StepPlan scaledBy(double factor) {
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("factor: expected a finite number > 0, got " + factor);
    }
    StepSummary s = summary;
    StepSummary scaled =
        new StepSummary(
            s.retainNormBeforeClip(),
            s.forgetNormBeforeClip(),
            s.retainClipFactor(),
            s.forgetClipFactor(),
            s.geometry(),
            s.constraintTotal(),
            s.stoppingRhs(),
            s.stoppingMargin(),
            s.stoppingMet(),
            s.firstOrderRetainChange() * factor,
            s.firstOrderForgetChange() * factor);
    return new StepPlan(stopReason, delta.map(d -> d.scaled(factor)), tensors, scaled);
  }

  /**
   * This plan, which must be one to apply, with δ replaced by {@code step} (e.g. a step retried at
   * a shorter length).
   */
  public StepPlan withDelta(ParameterBlocks step) {
    if (stopReason != StopReason.NONE) {
      throw new IllegalStateException(
          "a step that is not applied carries no δ; stopReason=" + stopReason);
    }
    return new StepPlan(stopReason, Optional.of(step), tensors, summary);
  }

  /** This plan with the summary's predicted retain- and forget-loss changes of its δ replaced. */
  public StepPlan withPredictedChanges(double retainChange, double forgetChange) {
    StepSummary s = summary;
    return new StepPlan(
        stopReason,
        delta,
        tensors,
        new StepSummary(
            s.retainNormBeforeClip(),
            s.forgetNormBeforeClip(),
            s.retainClipFactor(),
            s.forgetClipFactor(),
            s.geometry(),
            s.constraintTotal(),
            s.stoppingRhs(),
            s.stoppingMargin(),
            s.stoppingMet(),
            retainChange,
            forgetChange));
  }

  /**
   * This plan as one the loop did not take ({@link StopReason#NOT_TAKEN}): no δ, no predicted
   * changes.
   */
  public StepPlan notTaken() {
    StepSummary s = summary;
    StepSummary none =
        new StepSummary(
            s.retainNormBeforeClip(),
            s.forgetNormBeforeClip(),
            s.retainClipFactor(),
            s.forgetClipFactor(),
            s.geometry(),
            s.constraintTotal(),
            s.stoppingRhs(),
            s.stoppingMargin(),
            s.stoppingMet(),
            Double.NaN,
            Double.NaN);
    return new StepPlan(StopReason.NOT_TAKEN, Optional.empty(), tensors, none);
  }

  /** Whether the step should be applied. */
  public boolean apply() {
    return stopReason == StopReason.NONE;
  }

  /** How many tensors took each branch in this step. */
  public Map<Branch, Integer> branchCounts() {
    Map<Branch, Integer> counts = new EnumMap<>(Branch.class);
    for (TensorDiagnostics d : tensors) {
      counts.merge(d.branch(), 1, Integer::sum);
    }
    return counts;
  }
}
