package ai.hamu.spark.job;

import ai.hamu.spark.driver.DistributedResult;
import ai.hamu.spark.eval.Evaluation;
import ai.hamu.spark.report.Verdict;

/**
 * What a finished job produced.
 *
 * @param result the run (weights, history, counts, before/after metrics)
 * @param verdict the κ verdict
 * @param outputPath where the unlearned model was written
 * @param reportPath where the JSON report was written
 * @param evaluation the evaluation when {@code hamu.evaluate.enabled}, else {@code null}
 */
public record JobOutcome(
    DistributedResult result,
    Verdict verdict,
    String outputPath,
    String reportPath,
    Evaluation evaluation) {}
