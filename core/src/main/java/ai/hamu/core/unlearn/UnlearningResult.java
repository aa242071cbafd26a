package ai.hamu.core.unlearn;

import ai.hamu.core.model.ParameterBlocks;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The outcome of an unlearning run: the final weights, why it stopped, the verdict, and the
 * history.
 *
 * @param weights the unlearned weights
 * @param stopReason why the run ended
 * @param outcome whether the rows are forgotten
 * @param explanation one sentence behind the outcome, for the operator
 * @param history one record per iteration, in order
 */
public record UnlearningResult(
    ParameterBlocks weights,
    RunStopReason stopReason,
    ForgettingOutcome outcome,
    String explanation,
    List<IterationRecord> history) {

  public UnlearningResult {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(stopReason, "stopReason");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(explanation, "explanation");
    history = List.copyOf(history);
  }

  /**
   * The first iteration whose plan met the stopping criterion (collateral forgetting unavoidable),
   * if any.
   */
  public OptionalInt firstCollateralIteration() {
    for (IterationRecord r : history) {
      if (r.plan().summary().stoppingMet()) {
        return OptionalInt.of(r.iteration());
      }
    }
    return OptionalInt.empty();
  }

  /** Steps taken and kept (taken steps minus undone ones). */
  public int keptSteps() {
    return keptSteps(history);
  }

  static int keptSteps(List<IterationRecord> history) {
    int kept = 0;
    for (IterationRecord r : history) {
      kept += (r.plan().apply() ? 1 : 0) - (r.undone() ? 1 : 0);
    }
    return kept;
  }
}
