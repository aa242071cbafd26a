package ai.hamu.spark.driver;

import ai.hamu.core.data.LabeledData;
import ai.hamu.core.forgetting.ForgettingMonitor;
import ai.hamu.core.forgetting.ForgettingTarget;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.LossCap;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.plan.UpdateRule;
import ai.hamu.core.stats.BatchStatistics;
import ai.hamu.core.unlearn.IterationListener;
import ai.hamu.core.unlearn.IterationRecord;
import ai.hamu.core.unlearn.LoopConfig;
import ai.hamu.core.unlearn.LoopState;
import ai.hamu.core.unlearn.UnlearningLoop;
import ai.hamu.core.unlearn.UnlearningResult;
import ai.hamu.spark.data.BlockRows;
import ai.hamu.spark.data.InvalidInputException;
import ai.hamu.spark.data.RowBlockEncoder;
import ai.hamu.spark.executor.RowBlock;
import ai.hamu.spark.executor.SamplingConfig;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The driver side of distributed unlearning: packs the prepared rows into cached blocks once,
 * checks that both the retain and the forget sets are non-empty, builds the forgetting target's
 * monitor from seeded samples of the forgotten and held-out rows ({@link TargetSamples}), and runs
 * the core {@link UnlearningLoop} with statistics aggregated from executors, labelling every
 * iteration's Spark jobs so the UI and notebooks show progress. The cache is released when the run
 * ends.
 */
public final class DistributedUnlearner {

  private final FeedForwardModel model;
  private final UpdateRule rule;
  private final LoopConfig loop;
  private final SamplingConfig sampling;
  private final int blockRows;
  private final Optional<ForgettingTarget> target;
  private final int targetSampleRows;

  /** An unlearner without a forgetting target. */
  public DistributedUnlearner(
      FeedForwardModel model,
      UpdateRule rule,
      LoopConfig loop,
      SamplingConfig sampling,
      int blockRows) {
    this(model, rule, loop, sampling, blockRows, Optional.empty(), 0);
  }

  /**
   * An unlearner that measures {@code target}, when present, on at most {@code targetSampleRows}
   * forgotten and as many held-out rows, sampled with the run seed.
   */
  public DistributedUnlearner(
      FeedForwardModel model,
      UpdateRule rule,
      LoopConfig loop,
      SamplingConfig sampling,
      int blockRows,
      Optional<ForgettingTarget> target,
      int targetSampleRows) {
    this.model = Objects.requireNonNull(model, "model");
    this.rule = Objects.requireNonNull(rule, "rule");
    this.loop = Objects.requireNonNull(loop, "loop");
    this.sampling = Objects.requireNonNull(sampling, "sampling");
    this.blockRows = BlockRows.resolve(blockRows, model.architecture());
    this.target = Objects.requireNonNull(target, "target");
    this.targetSampleRows = targetSampleRows;
  }

  /**
   * Unlearns the rows of {@code prepared} whose {@code forgetCol} is true from {@code original}
   * (not modified). {@code prepared} needs a features vector column, a numeric label column and a
   * boolean forget column.
   */
  public DistributedResult run(
      Dataset<Row> prepared,
      String featuresCol,
      String labelCol,
      String forgetCol,
      ParameterBlocks original,
      IterationListener listener) {
    return run(
        prepared,
        featuresCol,
        labelCol,
        forgetCol,
        original,
        LoopState.start(original),
        listener,
        Optional.empty());
  }

  /**
   * As {@link #run(Dataset, String, String, String, ParameterBlocks, IterationListener)},
   * continuing the loop from {@code from} (a state saved at an iteration boundary of a run on the
   * same rows and settings) instead of iteration 0; {@code heldOut} holds the forgetting target's
   * held-out rows, prepared as {@code prepared} is (its forget column false), if any.
   *
   * @throws InvalidInputException if the target is measured, some forgotten rows are of a class the
   *     retained rows have, and there are no held-out rows to compare them with
   */
  public DistributedResult run(
      Dataset<Row> prepared,
      String featuresCol,
      String labelCol,
      String forgetCol,
      ParameterBlocks original,
      LoopState from,
      IterationListener listener,
      Optional<Dataset<Row>> heldOut) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(prepared.sparkSession().sparkContext());
    long start = System.nanoTime();
    JavaRDD<RowBlock> blocks =
        RowBlockEncoder.encode(
                prepared,
                featuresCol,
                labelCol,
                forgetCol,
                model.architecture().numFeatures(),
                model.architecture().numClasses(),
                blockRows)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      sc.setJobDescription("HAMU: caching and counting rows");
      RowCensus census = RowCensus.of(blocks, model.architecture().numClasses());
      RowCounts counts = census.counts();
      if (counts.forgetRows() == 0) {
        throw new InvalidInputException(
            "hamu.forget: the selection must match at least one row, got 0 of "
                + counts.totalRows()
                + " rows");
      }
      if (counts.retainRows() == 0) {
        throw new InvalidInputException(
            "hamu.forget: the selection matches all "
                + counts.totalRows()
                + " rows, leaving nothing to retain");
      }
      boolean needsOriginal =
          rule.requires().contains(GradientSource.RETAIN_KL)
              || rule.requires().contains(GradientSource.FORGET_KL);
      long rowsDone = System.nanoTime();
      Optional<ForgettingMonitor> monitor =
          target.map(
              t ->
                  monitor(
                      sc, blocks, census, original, t, featuresCol, labelCol, forgetCol, heldOut));
      LossCap forgetLossCap = monitor.map(m -> m.lossCap(original)).orElse(LossCap.NONE);
      long targetDone = System.nanoTime();
      UnlearningResult result;
      try (SparkStatisticsSource source =
          new SparkStatisticsSource(
              sc, blocks, model, original, needsOriginal, sampling, forgetLossCap)) {
        result =
            new UnlearningLoop(model, rule, loop, new Described(sc, listener), monitor)
                .resume(from, source);
      }
      long iterationsDone = System.nanoTime();
      try (SparkStatisticsSource full =
          new SparkStatisticsSource(
              sc, blocks, model, original, false, SamplingConfig.fullBatch(0), LossCap.NONE)) {
        sc.setJobDescription("HAMU: metrics of the original and the unlearned model");
        RunMetrics before = metrics(full, original);
        RunMetrics after = metrics(full, result.weights());
        RunPhases phases =
            new RunPhases(
                seconds(start, rowsDone),
                seconds(rowsDone, targetDone),
                seconds(targetDone, iterationsDone),
                seconds(iterationsDone, System.nanoTime()));
        return new DistributedResult(result, counts, before, after, forgetLossCap, phases);
      }
    } finally {
      sc.setJobDescription(null);
      blocks.unpersist(false);
    }
  }

  private ForgettingMonitor monitor(
      JavaSparkContext sc,
      JavaRDD<RowBlock> blocks,
      RowCensus census,
      ParameterBlocks original,
      ForgettingTarget t,
      String featuresCol,
      String labelCol,
      String forgetCol,
      Optional<Dataset<Row>> heldOut) {
    sc.setJobDescription("HAMU: sampling rows for the forgetting target");
    int columns = model.architecture().numFeatures();
    int classes = model.architecture().numClasses();
    LabeledData forgetSample =
        TargetSamples.sample(
            blocks, true, census.counts().forgetRows(), targetSampleRows, sampling.seed(), columns);
    Optional<LabeledData> heldOutSample =
        heldOut.map(
            h -> {
              // counted, then sampled: cached in between, so the rows are read and encoded once
              JavaRDD<RowBlock> rows =
                  RowBlockEncoder.encode(
                          h, featuresCol, labelCol, forgetCol, columns, classes, blockRows)
                      .persist(StorageLevel.MEMORY_AND_DISK());
              try {
                return TargetSamples.sample(
                    rows,
                    false,
                    rows.map(RowBlock::rows).fold(0, Integer::sum),
                    targetSampleRows,
                    sampling.seed() + 1,
                    columns);
              } finally {
                rows.unpersist(false);
              }
            });
    ForgettingMonitor m =
        new ForgettingMonitor(
            model, original, forgetSample, heldOutSample, census.retainedClasses(), t);
    if (m.hasSharedRows() && !m.hasHeldOut()) {
      throw new InvalidInputException(
          "hamu.target.heldout.path",
          "held-out rows (never trained on) to measure the "
              + "forgetting of rows whose class the retained rows still have (or hamu.target.enabled=false)",
          heldOut.isPresent() ? "0 rows" : "none given");
    }
    return m;
  }

  private RunMetrics metrics(SparkStatisticsSource full, ParameterBlocks weights) {
    Map<GradientSource, BatchStatistics> s =
        full.compute(
            weights, EnumSet.of(GradientSource.RETAIN_LOSS, GradientSource.FORGET_LOSS), 0);
    boolean classifier = model.architecture().numClasses() > 0;
    return new RunMetrics(
        SplitMetrics.of(s.get(GradientSource.RETAIN_LOSS), classifier),
        SplitMetrics.of(s.get(GradientSource.FORGET_LOSS), classifier));
  }

  private static double seconds(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1e9;
  }

  /** Sets the Spark job description of each iteration, then delegates. */
  private record Described(JavaSparkContext sc, IterationListener delegate)
      implements IterationListener {
    @Override
    public void beforeIteration(int iteration, int maxIterations) {
      sc.setJobDescription("HAMU iteration " + iteration + " (of " + maxIterations + ")");
      delegate.beforeIteration(iteration, maxIterations);
    }

    @Override
    public void afterIteration(IterationRecord record) {
      delegate.afterIteration(record);
    }

    @Override
    public void atBoundary(LoopState state) {
      delegate.atBoundary(state);
    }
  }
}
