package ai.hamu.spark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.unlearn.ForgettingOutcome;
import ai.hamu.spark.job.JobConfig;
import ai.hamu.spark.job.JobOutcome;
import ai.hamu.spark.job.JobSettings;
import ai.hamu.spark.job.UnlearnJobRunner;
import ai.hamu.spark.mllib.MllibModelCodec;
import ai.hamu.spark.testing.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimator and the job share one implementation: on the same files they produce the same
 * model.
 */
class EstimatorMatchesJobTest {

  @Test
  void estimatorAndJobGiveTheSameWeightsMetricsAndVerdict(@TempDir Path dir) throws Exception {
    SparkSession spark = LocalSpark.get();
    String dataPath = dir.resolve("train.parquet").toString();
    String modelPath = dir.resolve("lr").toString();
    String outputPath = dir.resolve("unlearned").toString();
    TrainingRows.data().write().parquet(dataPath);
    TrainingRows.logistic().write().save(modelPath);
    JobConfig config =
        JobConfig.from(
            JobSettings.of(
                Map.of(
                    "hamu.data.path",
                    dataPath,
                    "hamu.model.path",
                    modelPath,
                    "hamu.output.path",
                    outputPath,
                    "hamu.forget.predicate",
                    TrainingRows.FORGET,
                    "hamu.learningRate",
                    "2",
                    "hamu.constraintRatio",
                    "0.0001",
                    "hamu.iterations",
                    "4",
                    "hamu.step.control",
                    "as-planned",
                    "hamu.target.enabled",
                    "false")));
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    JobOutcome job =
        new UnlearnJobRunner(spark, new PrintStream(printed, true, StandardCharsets.UTF_8))
            .run(config);
    Dataset<Row> sameFiles = spark.read().parquet(dataPath);
    HamuUnlearner unlearner =
        new HamuUnlearner()
            .setModelPath(modelPath)
            .setForgetPredicate(TrainingRows.FORGET)
            .setLearningRate(2.0)
            .setConstraintRatio(1e-4)
            .setMaxIter(4)
            .setStepControl("as-planned")
            .setTargetEnabled(false);
    LogisticRegressionModel fitted = (LogisticRegressionModel) unlearner.fit(sameFiles);

    LogisticRegressionModel written = LogisticRegressionModel.load(outputPath);
    assertArrayEquals(
        MllibModelCodec.importModel(written).weights().toFlatArray(),
        MllibModelCodec.importModel(fitted).weights().toFlatArray());
    UnlearningSummary run = unlearner.getLastRun();
    assertTrue(run.getAppliedSteps() > 0, run.toString());
    assertEquals(job.result().result().history().size(), run.getIterations());
    assertEquals(job.result().before(), run.getBefore());
    assertEquals(job.result().after(), run.getAfter());
    assertEquals(job.verdict(), run.getVerdict());
    assertTrue(Files.exists(Path.of(job.reportPath())), "the job wrote its report");
    String log = printed.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("hamu: hamu-q on " + dataPath), log);
  }

  /**
   * With only paths (and held-out rows, which a random deletion needs), the estimator and the job
   * reach the same verdict on the same weights. A verdict that is not a success returns no model
   * from the estimator, as the job exits non-zero: a budget of one iteration never takes a step.
   */
  @Test
  void withOnlyPathsTheEstimatorAndTheJobAgreeAndTheEstimatorReturnsNoUnforgottenModel(
      @TempDir Path dir) throws Exception {
    SparkSession spark = LocalSpark.get();
    Dataset<Row> train = TrainingRows.data().where("id % 5 != 4");
    Dataset<Row> heldOut = TrainingRows.data().where("id % 5 = 4");
    String dataPath = dir.resolve("train.parquet").toString();
    String heldOutPath = dir.resolve("held-out.parquet").toString();
    String modelPath = dir.resolve("lr").toString();
    train.write().parquet(dataPath);
    heldOut.write().parquet(heldOutPath);
    new LogisticRegression()
        .setFamily("multinomial")
        .setMaxIter(100)
        .fit(train)
        .write()
        .save(modelPath);
    JobConfig config =
        JobConfig.from(
            JobSettings.of(
                Map.of(
                    "hamu.data.path",
                    dataPath,
                    "hamu.model.path",
                    modelPath,
                    "hamu.output.path",
                    dir.resolve("unlearned").toString(),
                    "hamu.forget.predicate",
                    TrainingRows.FORGET,
                    "hamu.target.heldout.path",
                    heldOutPath)));
    JobOutcome job =
        new UnlearnJobRunner(
                spark, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .run(config);

    Dataset<Row> sameFiles = spark.read().parquet(dataPath);
    HamuUnlearner unlearner =
        new HamuUnlearner()
            .setModelPath(modelPath)
            .setForgetPredicate(TrainingRows.FORGET)
            .setHeldOutData(spark.read().parquet(heldOutPath));
    if (job.verdict().success()) {
      LogisticRegressionModel fitted = (LogisticRegressionModel) unlearner.fit(sameFiles);
      assertArrayEquals(
          job.result().result().weights().toFlatArray(),
          MllibModelCodec.importModel(fitted).weights().toFlatArray());
    } else {
      NotForgottenException refused =
          assertThrows(NotForgottenException.class, () -> unlearner.fit(sameFiles));
      assertEquals(job.verdict(), refused.getSummary().getVerdict());
    }
    assertEquals(job.verdict(), unlearner.getLastRun().getVerdict());

    unlearner.setMaxIter(1);
    NotForgottenException noStep =
        assertThrows(NotForgottenException.class, () -> unlearner.fit(sameFiles));
    assertEquals(ForgettingOutcome.NOT_FORGOTTEN, noStep.getSummary().getVerdict().outcome());
    assertTrue(noStep.getMessage().startsWith("hamu: not forgotten: "), noStep.getMessage());
    assertSame(noStep.getSummary(), unlearner.getLastRun());
    LogisticRegressionModel returned =
        (LogisticRegressionModel) unlearner.setRequireForgotten(false).fit(sameFiles);
    assertArrayEquals(
        MllibModelCodec.importModel(LogisticRegressionModel.load(modelPath))
            .weights()
            .toFlatArray(),
        MllibModelCodec.importModel(returned).weights().toFlatArray(),
        "on request: the unchanged model");
  }
}
