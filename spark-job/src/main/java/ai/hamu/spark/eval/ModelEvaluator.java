package ai.hamu.spark.eval;

import ai.hamu.core.metrics.ModelEvaluation;
import ai.hamu.core.metrics.SplitLosses;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.spark.data.InvalidInputException;
import ai.hamu.spark.executor.RowBlock;
import ai.hamu.spark.executor.SamplingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Scores models of one architecture on cached row blocks: the training blocks (forget and retain
 * rows) and the held-out test blocks, every model in the same pass. Loss and accuracy use every
 * row; the membership-inference attack and the forget-loss distributions use per-example losses
 * collected to the driver, at most {@code attackRows} rows per split: a seeded Bernoulli sample of
 * expected size {@code attackRows} (all rows when the split is smaller), truncated to {@code
 * attackRows} in partition order, the same rows for every model.
 */
public final class ModelEvaluator {

  private final FeedForwardModel model;
  private final int attackRows;
  private final long seed;

  /**
   * @param attackRows per-split cap of the per-example losses collected to the driver (>= 1)
   * @param seed seed of the sample
   */
  public ModelEvaluator(FeedForwardModel model, int attackRows, long seed) {
    this.model = Objects.requireNonNull(model, "model");
    if (attackRows < 1) {
      throw new IllegalArgumentException("attackRows: expected >= 1, got " + attackRows);
    }
    this.attackRows = attackRows;
    this.seed = seed;
  }

  /**
   * Scores each of {@code models} (by name, in order) on {@code train} (whose forget blocks are the
   * forget split and the others the retain split) and {@code test} (every row a test row); each
   * split's per-example losses are the capped sample.
   *
   * @throws IllegalArgumentException if the forget, retain or test rows are empty
   */
  public Map<String, ModelEvaluation> evaluate(
      JavaRDD<RowBlock> train, JavaRDD<RowBlock> test, Map<String, ParameterBlocks> models) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(train.context());
    List<String> names = new ArrayList<>(models.keySet());
    double[][] flat = new double[names.size()][];
    for (int m = 0; m < flat.length; m++) {
      flat[m] = models.get(names.get(m)).toFlatArray();
    }
    long[] trainRows = count(train);
    long[] testCounts = count(test);
    long testRows = testCounts[PartitionScores.FORGET] + testCounts[PartitionScores.OTHER];
    require(trainRows[PartitionScores.FORGET], "forget");
    require(trainRows[PartitionScores.OTHER], "retain");
    require(testRows, "held-out test");
    Broadcast<double[][]> weights = sc.broadcast(flat);
    try {
      Merged onTrain =
          merge(
              train
                  .mapPartitionsWithIndex(
                      new ScoringFunction(
                          model,
                          weights,
                          new SamplingConfig(
                              fraction(trainRows[PartitionScores.OTHER]),
                              fraction(trainRows[PartitionScores.FORGET]),
                              seed)),
                      true)
                  .collect(),
              flat.length);
      Merged onTest =
          merge(
              test.mapPartitionsWithIndex(
                      new ScoringFunction(
                          model,
                          weights,
                          new SamplingConfig(fraction(testRows), fraction(testRows), seed + 1)),
                      true)
                  .collect(),
              flat.length);
      Map<String, ModelEvaluation> out = new LinkedHashMap<>();
      for (int m = 0; m < flat.length; m++) {
        double[] forget = capped(onTrain.sampled(m, PartitionScores.FORGET));
        double[] retain = capped(onTrain.sampled(m, PartitionScores.OTHER));
        double[] testLosses =
            capped(
                concat(
                    onTest.sampled(m, PartitionScores.OTHER),
                    onTest.sampled(m, PartitionScores.FORGET)));
        out.put(
            names.get(m),
            new ModelEvaluation(
                onTrain.split(m, PartitionScores.FORGET, forget),
                onTrain.split(m, PartitionScores.OTHER, retain),
                onTest.combined(m, testLosses)));
      }
      return out;
    } finally {
      weights.destroy();
    }
  }

  private double fraction(long rows) {
    return Math.min(1.0, (double) attackRows / Math.max(1, rows));
  }

  private double[] capped(double[] losses) {
    return losses.length <= attackRows ? losses : Arrays.copyOf(losses, attackRows);
  }

  private static void require(long rows, String split) {
    if (rows == 0) {
      throw new InvalidInputException("evaluation: expected at least one " + split + " row, got 0");
    }
  }

  /** Rows of forget blocks and of the others. */
  private static long[] count(JavaRDD<RowBlock> blocks) {
    Tuple2<Long, Long> c =
        blocks
            .map(
                b ->
                    b.forget()
                        ? new Tuple2<>((long) b.rows(), 0L)
                        : new Tuple2<>(0L, (long) b.rows()))
            .fold(new Tuple2<>(0L, 0L), (a, b) -> new Tuple2<>(a._1() + b._1(), a._2() + b._2()));
    return new long[] {c._1(), c._2()};
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Partition results merged in partition order. */
  private Merged merge(List<PartitionScores> partitions, int models) {
    return new Merged(partitions, models, model.architecture().numClasses() > 0);
  }

  private static final class Merged {
    private final long[] rows = new long[2];
    private final double[][] lossSums;
    private final long[][] correct;
    private final List<PartitionScores> partitions;
    private final boolean classifier;

    Merged(List<PartitionScores> partitions, int models, boolean classifier) {
      this.partitions = partitions;
      this.classifier = classifier;
      lossSums = new double[models][2];
      correct = new long[models][2];
      for (PartitionScores p : partitions) {
        for (int s = 0; s < 2; s++) {
          rows[s] += p.rows[s];
          for (int m = 0; m < models; m++) {
            lossSums[m][s] += p.lossSums[m][s];
            correct[m][s] += p.correct[m][s];
          }
        }
      }
    }

    /**
     * Model {@code m} on the rows of split {@code s}, with the {@code sampled} losses of some of
     * them.
     */
    SplitLosses split(int m, int s, double[] sampled) {
      return new SplitLosses(rows[s], lossSums[m][s], correct[m][s], classifier, sampled);
    }

    /**
     * Model {@code m} on the rows of both splits, with the {@code sampled} losses of some of them.
     */
    SplitLosses combined(int m, double[] sampled) {
      return new SplitLosses(
          rows[0] + rows[1],
          lossSums[m][0] + lossSums[m][1],
          correct[m][0] + correct[m][1],
          classifier,
          sampled);
    }

    double[] sampled(int m, int s) {
      List<double[]> parts = new ArrayList<>();
      int total = 0;
      for (PartitionScores p : partitions) {
        double[] part = p.sampled(m, s);
        parts.add(part);
        total += part.length;
      }
      double[] out = new double[total];
      int at = 0;
      for (double[] part : parts) {
        System.arraycopy(part, 0, out, at, part.length);
        at += part.length;
      }
      return out;
    }
  }
}
