package ai.hamu.spark.driver;

/**
 * Driver-side wall times of one {@link SparkStatisticsSource#compute} call, for profiling.
 *
 * @param broadcastNanos creating the broadcast of the current weights
 * @param aggregateNanos the Spark jobs of the executor pass and the tree aggregation, and the
 *     driver's merge of the partials it collects
 * @param totalNanos the whole call
 */
public record ComputeTimings(long broadcastNanos, long aggregateNanos, long totalNanos) {

  /** No call timed yet. */
  public static final ComputeTimings NONE = new ComputeTimings(0, 0, 0);
}
