package ai.hamu.spark.driver;

import ai.hamu.core.unlearn.UnlearningResult;

/**
 * The outcome of a distributed unlearning run.
 *
 * @param result the weights, stop reason and per-iteration history
 * @param counts the retain and forget row counts the run used
 * @param before metrics of the original weights, on all rows
 * @param after  metrics of the unlearned weights, on all rows
 */
public record DistributedResult(
    UnlearningResult result, RowCounts counts, RunMetrics before, RunMetrics after) {}
