package ai.hamu.core.unlearn;

import ai.hamu.core.model.ParameterBlocks;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an unlearning loop stands between two iterations: enough to continue it later with the same
 * outcome as if it had never stopped. The update rules are stateless and per-iteration sampling is
 * seeded by (seed, iteration, partition, block), so the weights, the step-size control's state, the
 * next iteration number and the original forget loss (the reference of the forget-loss target)
 * determine the rest of the run.
 *
 * @param nextIteration the iteration to run next (0 for a fresh run)
 * @param weights the weights that iteration starts from
 * @param originalForgetLoss mean forget loss of iteration 0 (NaN before iteration 0 ran)
 * @param history the records of the iterations already run, in order
 * @param anchor the weights before the last step while that step is still to be judged
 *     (trust-region control), else empty
 * @param stepRadius the trust radius Δ for the next step (NaN before iteration 0 ran, or as
 *     planned)
 */
public record LoopState(
    int nextIteration,
    ParameterBlocks weights,
    double originalForgetLoss,
    List<IterationRecord> history,
    Optional<ParameterBlocks> anchor,
    double stepRadius) {

  public LoopState {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(anchor, "anchor");
    history = List.copyOf(history);
    if (nextIteration < 0) {
      throw new IllegalArgumentException("nextIteration: expected >= 0, got " + nextIteration);
    }
    if (history.size() != nextIteration) {
      throw new IllegalArgumentException(
          "history: expected one record per iteration run ("
              + nextIteration
              + "), got "
              + history.size());
    }
    if (nextIteration > 0 && Double.isNaN(originalForgetLoss)) {
      throw new IllegalArgumentException(
          "originalForgetLoss: expected the iteration-0 forget loss once iterations "
              + "ran, got NaN");
    }
  }

  /**
   * This state with its own copies of the weights (a listener's state shares the loop's, which
   * change).
   */
  public LoopState copy() {
    return new LoopState(
        nextIteration,
        weights.copy(),
        originalForgetLoss,
        history,
        anchor.map(ParameterBlocks::copy),
        stepRadius);
  }

  /** The state of a run that has not started: iteration 0 from {@code original}. */
  public static LoopState start(ParameterBlocks original) {
    return new LoopState(0, original, Double.NaN, List.of(), Optional.empty(), Double.NaN);
  }
}
