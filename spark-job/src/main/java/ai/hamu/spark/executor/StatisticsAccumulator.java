package ai.hamu.spark.executor;

import ai.hamu.core.model.BlockSpec;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.stats.BatchStatistics;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-source running sums of one partition (or of several merged partitions): what executors
 * send to the driver each iteration. {@link #merge} must be applied in a fixed order for
 * bit-identical results, since floating-point addition is not associative.
 */
public final class StatisticsAccumulator implements Serializable {

  private final EnumMap<GradientSource, SourceSums> sums = new EnumMap<>(GradientSource.class);

  /** Zero sums for every source in {@code sources}, for a model with the given block layout. */
  public StatisticsAccumulator(Set<GradientSource> sources, List<BlockSpec> blocks) {
    for (GradientSource s : sources) {
      sums.put(s, new SourceSums(blocks));
    }
  }

  /** Adds one batch's statistics to {@code source}. */
  public void add(GradientSource source, BatchStatistics s) {
    sums(source).add(s);
  }

  /** Adds {@code other} into this accumulator; returns this. */
  public StatisticsAccumulator merge(StatisticsAccumulator other) {
    if (!other.sums.keySet().equals(sums.keySet())) {
      throw new IllegalArgumentException(
          "cannot merge statistics of sources " + other.sums.keySet() + " into " + sums.keySet());
    }
    other.sums.forEach((s, v) -> sums.get(s).merge(v));
    return this;
  }

  /** The sums as core statistics, by source (handed over, not copied). */
  public Map<GradientSource, BatchStatistics> toStatistics() {
    Map<GradientSource, BatchStatistics> out = new EnumMap<>(GradientSource.class);
    sums.forEach((s, v) -> out.put(s, v.toStatistics()));
    return out;
  }

  private SourceSums sums(GradientSource source) {
    SourceSums s = sums.get(source);
    if (s == null) {
      throw new IllegalArgumentException(
          "source " + source + " not collected; collecting " + sums.keySet());
    }
    return s;
  }
}
