package ai.hamu.spark.driver;

import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.stats.BatchStatistics;
import ai.hamu.core.unlearn.StatisticsSource;
import ai.hamu.spark.data.InvalidInputException;
import ai.hamu.spark.executor.PartitionStatisticsFunction;
import ai.hamu.spark.executor.RowBlock;
import ai.hamu.spark.executor.SamplingConfig;
import ai.hamu.spark.executor.StatisticsAccumulator;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Statistics aggregated from executors: each call broadcasts the current weights (the only
 * per-iteration broadcast), runs {@link PartitionStatisticsFunction} over the cached row blocks,
 * merges the partials with {@link DeterministicTreeAggregator}, and destroys the broadcast. The
 * original weights, needed by kl and scrub, are broadcast once per run and destroyed by
 * {@link #close()}.
 */
public final class SparkStatisticsSource implements StatisticsSource, AutoCloseable {

  private final JavaSparkContext sc;
  private final JavaRDD<RowBlock> blocks;
  private final FeedForwardModel model;
  private final SamplingConfig sampling;
  private final Broadcast<double[]> original;

  /**
   * @param blocks   the cached row blocks (the caller owns the cache)
   * @param original the original weights, broadcast only if {@code needsOriginal}
   */
  public SparkStatisticsSource(JavaSparkContext sc, JavaRDD<RowBlock> blocks, FeedForwardModel model,
      ParameterBlocks original, boolean needsOriginal, SamplingConfig sampling) {
    this.sc = Objects.requireNonNull(sc, "sc");
    this.blocks = Objects.requireNonNull(blocks, "blocks");
    this.model = Objects.requireNonNull(model, "model");
    this.sampling = Objects.requireNonNull(sampling, "sampling");
    this.original = needsOriginal ? sc.broadcast(original.toFlatArray()) : null;
  }

  @Override
  public Map<GradientSource, BatchStatistics> compute(ParameterBlocks theta, Set<GradientSource> sources,
      int iteration) {
    double[] flat = theta.toFlatArray();
    Broadcast<double[]> weights = sc.broadcast(flat);
    try {
      EnumSet<GradientSource> wanted = EnumSet.copyOf(sources);
      PartitionStatisticsFunction fn = new PartitionStatisticsFunction(model, weights, original, wanted, sampling,
          iteration);
      AggregationTree tree = AggregationTree.choose(blocks.getNumPartitions(), 8L * flat.length * wanted.size());
      StatisticsAccumulator total = DeterministicTreeAggregator.aggregate(
          blocks.mapPartitionsWithIndex(fn, true).mapToPair(t -> t), tree);
      Map<GradientSource, BatchStatistics> stats = total.toStatistics(model.blocks());
      requireSampledRows(stats, iteration);
      return stats;
    } finally {
      weights.destroy();
    }
  }

  /** A sample without retain or forget rows is a sampling fraction too small for the data. */
  private void requireSampledRows(Map<GradientSource, BatchStatistics> stats, int iteration) {
    for (Map.Entry<GradientSource, BatchStatistics> e : stats.entrySet()) {
      if (e.getValue().exampleCount() == 0) {
        boolean forget = e.getKey() == GradientSource.FORGET_LOSS;
        throw new InvalidInputException(forget ? "hamu.sample.forgetFraction" : "hamu.sample.retainFraction",
            "a fraction that samples at least one " + (forget ? "forget" : "retain") + " row per iteration",
            (forget ? sampling.forgetFraction() : sampling.retainFraction()) + " (iteration " + iteration
                + " sampled none)");
      }
    }
  }

  @Override
  public void close() {
    if (original != null) {
      original.destroy();
    }
  }
}
