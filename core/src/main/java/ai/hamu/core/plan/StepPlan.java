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
public record StepPlan(StopReason stopReason, Optional<ParameterBlocks> delta, List<TensorDiagnostics> tensors,
    StepSummary summary) {

  public StepPlan {
    Objects.requireNonNull(stopReason, "stopReason");
    Objects.requireNonNull(delta, "delta");
    tensors = List.copyOf(tensors);
    Objects.requireNonNull(summary, "summary");
    if (stopReason != StopReason.NONE && delta.isPresent()) {
      throw new IllegalArgumentException("a step that is not applied carries no δ; stopReason=" + stopReason);
    }
  }

  /** This plan without its δ: what a run's history keeps once the step has been applied. */
  public StepPlan withoutDelta() {
    return delta.isEmpty() ? this : new StepPlan(stopReason, Optional.empty(), tensors, summary);
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
