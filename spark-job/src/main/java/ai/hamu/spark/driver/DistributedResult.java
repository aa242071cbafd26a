package ai.hamu.spark.driver;

import ai.hamu.core.model.LossCap;
import ai.hamu.core.unlearn.UnlearningResult;

/**
 * The outcome of a distributed unlearning run.
 *
 * @param result the weights, stop reason and per-iteration history
 * @param counts the retain and forget row counts the run used
 * @param before metrics of the original weights, on all rows
 * @param after metrics of the unlearned weights, on all rows
 * @param forgetLossCap the cap on each forgotten row's loss the run raised ({@link LossCap#NONE}
 *     without the forgetting target)
 * @param phases where the run's wall time went
 */
public record DistributedResult(
    UnlearningResult result,
    RowCounts counts,
    RunMetrics before,
    RunMetrics after,
    LossCap forgetLossCap,
    RunPhases phases) {}
