package ai.hamu.spark.train;

import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.LossCap;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.stats.BatchStatistics;
import ai.hamu.core.train.AdamConfig;
import ai.hamu.core.train.AdamUpdate;
import ai.hamu.spark.driver.SparkStatisticsSource;
import ai.hamu.spark.executor.RowBlock;
import ai.hamu.spark.executor.SamplingConfig;
import java.util.EnumSet;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Trains a native model on the retain rows of cached row blocks (forget blocks are skipped) by
 * mini-batch SGD or Adam on the mean loss. Each step's gradient comes from the executors through
 * {@link SparkStatisticsSource}: a Bernoulli sample of the rows with fraction batchRows / rows,
 * seeded by the settings' seed and the step number, so a run is reproducible for a given
 * partitioning. An epoch is ⌈rows / batchRows⌉ steps; with batchRows at least the row count every
 * step is full batch, and Adam then takes exactly the steps of the in-memory {@link
 * ai.hamu.core.train.AdamTrainer} run full batch.
 */
public final class DistributedTrainer {

  private final FeedForwardModel model;
  private final TrainingSettings settings;

  public DistributedTrainer(FeedForwardModel model, TrainingSettings settings) {
    this.model = Objects.requireNonNull(model, "model");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The model's seeded initial weights ({@link FeedForwardModel#initialParameters}). */
  public ParameterBlocks initialWeights() {
    return model.initialParameters(settings.seed());
  }

  /**
   * Trains from {@code initial} (not modified) on the retain rows of {@code blocks} (the caller
   * owns their cache) and returns the trained weights.
   *
   * @throws IllegalArgumentException if the blocks hold no retain rows
   */
  public ParameterBlocks train(
      JavaSparkContext sc, JavaRDD<RowBlock> blocks, ParameterBlocks initial) {
    long rows = blocks.filter(b -> !b.forget()).map(b -> (long) b.rows()).fold(0L, Long::sum);
    if (rows == 0) {
      throw new IllegalArgumentException("training: expected at least one row to train on, got 0");
    }
    long stepsPerEpoch = (rows + settings.batchRows() - 1) / settings.batchRows();
    double fraction = Math.min(1.0, (double) settings.batchRows() / rows);
    ParameterBlocks theta = initial.copy();
    AdamUpdate adam =
        settings.optimizer() == TrainingSettings.Optimizer.ADAM
            ? new AdamUpdate(
                AdamConfig.of(
                    settings.learningRate(),
                    settings.epochs(),
                    settings.batchRows(),
                    settings.seed()),
                theta)
            : null;
    EnumSet<GradientSource> retain = EnumSet.of(GradientSource.RETAIN_LOSS);
    try (SparkStatisticsSource source =
        new SparkStatisticsSource(
            sc,
            blocks,
            model,
            theta,
            false,
            new SamplingConfig(fraction, 1.0, settings.seed()),
            LossCap.NONE)) {
      long total = stepsPerEpoch * settings.epochs();
      for (long step = 0; step < total; step++) {
        sc.setJobDescription("training step " + (step + 1) + " of " + total);
        BatchStatistics s =
            source.compute(theta, retain, Math.toIntExact(step)).get(GradientSource.RETAIN_LOSS);
        if (s.exampleCount() == 0) {
          continue; // an empty sample: no gradient, no step
        }
        ParameterBlocks g = s.meanGradient();
        if (adam != null) {
          adam.apply(theta, g);
        } else {
          theta.addInPlace(g.scaleInPlace(-settings.learningRate()));
        }
      }
    } finally {
      sc.setJobDescription(null);
    }
    return theta;
  }
}
