package ai.hamu.core.unlearn;

import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.stats.BatchStatistics;
import java.util.Map;
import java.util.Set;

/**
 * Where an unlearning loop gets its per-iteration statistics: in memory for one process, or
 * aggregated from Spark executors. Implementations return sums over the rows used in that
 * iteration, for exactly the requested sources.
 */
public interface StatisticsSource {

  /**
   * Statistics of the weights {@code theta} for each of {@code sources}, over the rows of iteration
   * {@code iteration} (all rows, or that iteration's sample).
   */
  Map<GradientSource, BatchStatistics> compute(
      ParameterBlocks theta, Set<GradientSource> sources, int iteration);
}
