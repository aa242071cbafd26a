package ai.hamu.spark.driver;

import ai.hamu.core.stats.BatchStatistics;

/**
 * Loss and accuracy of a model on one split of the rows.
 *
 * @param rows rows in the split
 * @param loss mean loss
 * @param accuracy fraction classified correctly (NaN for regression)
 */
public record SplitMetrics(long rows, double loss, double accuracy) {

  /** Metrics from full-batch statistics; {@code classifier} says whether accuracy is meaningful. */
  public static SplitMetrics of(BatchStatistics s, boolean classifier) {
    return new SplitMetrics(
        s.exampleCount(), s.meanObjective(), classifier ? s.accuracy() : Double.NaN);
  }
}
