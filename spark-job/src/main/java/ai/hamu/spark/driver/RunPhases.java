package ai.hamu.spark.driver;

/**
 * Where a distributed run's wall time went on the driver, in seconds. Spark evaluates lazily, so
 * each phase includes the reading and encoding its first pass triggers.
 *
 * @param rowsSeconds reading, encoding, caching and counting the rows
 * @param targetSeconds drawing the forgetting target's samples and setting its loss cap (0 without
 *     the target)
 * @param iterationsSeconds the loop's iterations (each one pass over the rows, or its sample)
 * @param metricsSeconds the two full passes that measure the original and the unlearned weights
 */
public record RunPhases(
    double rowsSeconds, double targetSeconds, double iterationsSeconds, double metricsSeconds) {

  /** The sum of the phases. */
  public double totalSeconds() {
    return rowsSeconds + targetSeconds + iterationsSeconds + metricsSeconds;
  }
}
