package ai.hamu.spark.driver;

import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.LossCap;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.stats.BatchStatistics;
import ai.hamu.core.unlearn.StatisticsSource;
import ai.hamu.spark.data.InvalidInputException;
import ai.hamu.spark.executor.OriginalOutputs;
import ai.hamu.spark.executor.PartitionStatisticsFunction;
import ai.hamu.spark.executor.RowBlock;
import ai.hamu.spark.executor.SamplingConfig;
import ai.hamu.spark.executor.StatisticsAccumulator;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Statistics aggregated from executors: each call broadcasts the current weights (the only
 * per-iteration broadcast), runs {@link PartitionStatisticsFunction} over the cached row blocks,
 * merges the partials with {@link DeterministicTreeAggregator}, and destroys the broadcast. When
 * the original model is needed (kl and scrub), its outputs on every block are computed once, on the
 * first call, and cached beside the blocks; the cache and the broadcast of the original weights are
 * released by {@link #close()}.
 */
public final class SparkStatisticsSource implements StatisticsSource, AutoCloseable {

  private final JavaSparkContext sc;
  private final JavaRDD<RowBlock> blocks;
  private final FeedForwardModel model;
  private final SamplingConfig sampling;
  private final Broadcast<double[]> original;
  private final JavaRDD<OriginalOutputs> originalOutputs;
  private final LossCap forgetLossCap;
  private ComputeTimings lastTimings = ComputeTimings.NONE;

  /**
   * @param blocks the cached row blocks (the caller owns the cache)
   * @param original the original weights, used only if {@code needsOriginal}
   * @param forgetLossCap the cap on every forget row's loss, as the forgetting target's {@code
   *     ForgettingMonitor#lossCap} sets it ({@link LossCap#NONE}: the plain loss)
   */
  public SparkStatisticsSource(
      JavaSparkContext sc,
      JavaRDD<RowBlock> blocks,
      FeedForwardModel model,
      ParameterBlocks original,
      boolean needsOriginal,
      SamplingConfig sampling,
      LossCap forgetLossCap) {
    this.sc = Objects.requireNonNull(sc, "sc");
    this.blocks = Objects.requireNonNull(blocks, "blocks");
    this.model = Objects.requireNonNull(model, "model");
    this.sampling = Objects.requireNonNull(sampling, "sampling");
    this.forgetLossCap = Objects.requireNonNull(forgetLossCap, "forgetLossCap");
    this.original = needsOriginal ? sc.broadcast(original.toFlatArray()) : null;
    this.originalOutputs = needsOriginal ? outputsOf(blocks, model, this.original) : null;
  }

  private static JavaRDD<OriginalOutputs> outputsOf(
      JavaRDD<RowBlock> blocks, FeedForwardModel model, Broadcast<double[]> original) {
    return blocks
        .mapPartitions(
            it -> {
              ParameterBlocks weights = ParameterBlocks.fromFlat(model.blocks(), original.value());
              List<OriginalOutputs> out = new ArrayList<>();
              it.forEachRemaining(b -> out.add(OriginalOutputs.of(model, weights, b)));
              return out.iterator();
            },
            true)
        .persist(StorageLevel.MEMORY_AND_DISK());
  }

  @Override
  public Map<GradientSource, BatchStatistics> compute(
      ParameterBlocks theta, Set<GradientSource> sources, int iteration) {
    long start = System.nanoTime();
    double[] flat = theta.toFlatArray();
    Broadcast<double[]> weights = sc.broadcast(flat);
    long broadcast = System.nanoTime() - start;
    try {
      EnumSet<GradientSource> wanted = EnumSet.copyOf(sources);
      PartitionStatisticsFunction fn =
          new PartitionStatisticsFunction(
              model, weights, wanted, sampling, iteration, forgetLossCap);
      if (fn.needsOriginalOutputs() && originalOutputs == null) {
        throw new IllegalArgumentException(
            "sources "
                + wanted
                + " need the original model: construct with"
                + " needsOriginal = true");
      }
      JavaPairRDD<Integer, StatisticsAccumulator> partials =
          originalOutputs == null
              ? blocks.mapPartitionsWithIndex(fn, true).mapToPair(t -> t)
              : blocks
                  .zipPartitions(
                      originalOutputs, (b, o) -> fn.statistics(TaskContext.getPartitionId(), b, o))
                  .mapToPair(t -> t);
      AggregationTree tree =
          AggregationTree.choose(blocks.getNumPartitions(), 8L * flat.length * wanted.size());
      long aggregateStart = System.nanoTime();
      StatisticsAccumulator total = DeterministicTreeAggregator.aggregate(partials, tree);
      long aggregate = System.nanoTime() - aggregateStart;
      Map<GradientSource, BatchStatistics> result = total.toStatistics();
      lastTimings = new ComputeTimings(broadcast, aggregate, System.nanoTime() - start);
      requireSampledRows(result, iteration);
      return result;
    } finally {
      weights.destroy();
    }
  }

  /** A sample without retain or forget rows is a sampling fraction too small for the data. */
  private void requireSampledRows(Map<GradientSource, BatchStatistics> stats, int iteration) {
    for (Map.Entry<GradientSource, BatchStatistics> e : stats.entrySet()) {
      if (e.getValue().exampleCount() == 0) {
        boolean forget = e.getKey() == GradientSource.FORGET_LOSS;
        throw new InvalidInputException(
            forget ? "hamu.sample.forgetFraction" : "hamu.sample.retainFraction",
            "a fraction that samples at least one "
                + (forget ? "forget" : "retain")
                + " row per iteration",
            (forget ? sampling.forgetFraction() : sampling.retainFraction())
                + " (iteration "
                + iteration
                + " sampled none)");
      }
    }
  }

  /** The driver-side wall times of the last {@link #compute} call. */
  public ComputeTimings lastTimings() {
    return lastTimings;
  }

  @Override
  public void close() {
    if (originalOutputs != null) {
      originalOutputs.unpersist(false);
    }
    if (original != null) {
      original.destroy();
    }
  }
}
