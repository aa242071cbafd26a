package ai.hamu.spark.driver;

/**
 * Metrics of one set of weights on the retain and forget rows (full batch).
 *
 * @param retain retained rows
 * @param forget forgotten rows
 */
public record RunMetrics(SplitMetrics retain, SplitMetrics forget) {}
