package ai.hamu.spark.job;

import static org.apache.spark.sql.functions.lit;

import ai.hamu.core.metrics.ModelEvaluation;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.spark.data.BlockRows;
import ai.hamu.spark.data.DataFrames;
import ai.hamu.spark.data.InvalidInputException;
import ai.hamu.spark.data.RowBlockEncoder;
import ai.hamu.spark.data.SelectionResult;
import ai.hamu.spark.eval.Evaluation;
import ai.hamu.spark.eval.ModelEvaluator;
import ai.hamu.spark.eval.RetainRetrainer;
import ai.hamu.spark.executor.RowBlock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Evaluates an unlearned model against its original on the job's data: reads the held-out test
 * rows, prepares both row sets the way the original model reads its input, caches them as row
 * blocks, runs the retrain reference ({@link RetainRetrainer}) unless disabled, and scores every
 * model with {@link ModelEvaluator}. Used by the job ({@code hamu.evaluate.enabled}) and by {@code
 * bin/hamu-evaluate}.
 */
public final class RunEvaluator {

  private final SparkSession spark;
  private final DataFrameUnlearner runner;
  private final UnlearningConfig unlearning;
  private final EvaluationConfig config;

  public RunEvaluator(SparkSession spark, UnlearningConfig unlearning, EvaluationConfig config) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.unlearning = Objects.requireNonNull(unlearning, "unlearning");
    this.config = Objects.requireNonNull(config, "config");
    this.runner = new DataFrameUnlearner(spark, unlearning);
  }

  /**
   * Scores {@code original} and the {@code unlearned} weights (and the retrained model) on the
   * flagged training rows of {@code selection} and the test rows.
   *
   * @param unlearningSeconds wall time of the unlearning, reported as is (NaN if unknown)
   */
  public Evaluation evaluate(
      ModelSource original,
      ParameterBlocks unlearned,
      SelectionResult selection,
      double unlearningSeconds) {
    Dataset<Row> testRaw =
        DataFrames.read(
            spark, config.testFormat(), config.testPath(), JobKey.EVALUATE_TEST_PATH.key());
    DataFrameUnlearner.checkLabel(testRaw.schema(), unlearning.labelCol());
    if (testRaw.isEmpty()) {
      throw new InvalidInputException(
          JobKey.EVALUATE_TEST_PATH.key()
              + ": expected held-out rows, got none in "
              + config.testPath());
    }
    String forget = selection.forgetColumn();
    FeedForwardModel model = new FeedForwardModel(original.architecture());
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<RowBlock> train = blocks(runner.prepare(original, selection.flagged()), forget, model);
    JavaRDD<RowBlock> test =
        blocks(runner.prepare(original, testRaw.withColumn(forget, lit(false))), forget, model);
    try {
      Map<String, ParameterBlocks> weights = new LinkedHashMap<>();
      weights.put(Evaluation.ORIGINAL, original.weights());
      weights.put(Evaluation.UNLEARNED, unlearned);
      double retrainSeconds = Double.NaN;
      if (config.retrain()) {
        long start = System.nanoTime();
        sc.setJobDescription("HAMU evaluation: retraining on the retain rows");
        weights.put(
            Evaluation.RETRAINED,
            RetainRetrainer.retrain(
                spark, original, selection, () -> train, unlearning.labelCol(), config));
        retrainSeconds = (System.nanoTime() - start) / 1e9;
      }
      long start = System.nanoTime();
      sc.setJobDescription("HAMU evaluation: scoring " + weights.keySet());
      Map<String, ModelEvaluation> judged =
          new ModelEvaluator(model, config.attackRows(), config.seed())
              .evaluate(train, test, weights);
      return Evaluation.compare(
          judged, weights, unlearningSeconds, retrainSeconds, (System.nanoTime() - start) / 1e9);
    } finally {
      sc.setJobDescription(null);
      train.unpersist(false);
      test.unpersist(false);
    }
  }

  private JavaRDD<RowBlock> blocks(
      Dataset<Row> prepared, String forgetCol, FeedForwardModel model) {
    return RowBlockEncoder.encode(
            prepared,
            DataFrameUnlearner.FEATURES,
            unlearning.labelCol(),
            forgetCol,
            model.architecture().numFeatures(),
            model.architecture().numClasses(),
            BlockRows.resolve(unlearning.blockRows(), model.architecture()))
        .persist(StorageLevel.MEMORY_AND_DISK());
  }
}
