package ai.hamu.core.unlearn;

import ai.hamu.core.model.ParameterBlocks;
import java.util.List;

/**
 * The outcome of an unlearning run: the final weights, why it stopped, and the history.
 *
 * @param weights    the unlearned weights
 * @param stopReason why the run ended
 * @param history    one record per iteration, in order
 */
public record UnlearningResult(ParameterBlocks weights, RunStopReason stopReason, List<IterationRecord> history) {

  public UnlearningResult {
    history = List.copyOf(history);
  }

  /** The first iteration whose plan met the stopping criterion (collateral forgetting unavoidable), or −1. */
  public int firstCollateralIteration() {
    for (IterationRecord r : history) {
      if (r.plan().summary().stoppingMet()) {
        return r.iteration();
      }
    }
    return -1;
  }
}
