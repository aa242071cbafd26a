package ai.hamu.spark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.unlearn.IterationRecord;
import ai.hamu.core.unlearn.RunStopReason;
import ai.hamu.spark.mllib.ImportedModel;
import ai.hamu.spark.mllib.MllibModelCodec;
import ai.hamu.spark.testing.LocalSpark;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HamuUnlearner#fit} on models MLlib trains: a multinomial logistic regression and a
 * pipeline (VectorAssembler, MultilayerPerceptronClassifier). Full-batch gradients of a fitted
 * model are small, so the constraint ratio is small and the learning rate large enough for feasible
 * steps.
 */
class HamuUnlearnerFitTest {

  private static SparkSession spark;
  private static Dataset<Row> raw;
  private static Dataset<Row> data;
  private static LogisticRegressionModel logistic;
  private static PipelineModel perceptron;

  @BeforeAll
  static void train() {
    spark = LocalSpark.get();
    raw = TrainingRows.raw();
    data = TrainingRows.data();
    logistic = TrainingRows.logistic();
    MultilayerPerceptronClassifier mlp =
        new MultilayerPerceptronClassifier()
            .setLayers(new int[] {4, 5, 3})
            .setMaxIter(60)
            .setSeed(3L);
    perceptron =
        new Pipeline().setStages(new PipelineStage[] {TrainingRows.assembler(), mlp}).fit(raw);
  }

  private static HamuUnlearner unlearner() {
    // the loop as planned, no forgetting target, every model returned: these tests are about the
    // estimator's mechanics (EstimatorMatchesJobTest covers the verdict)
    return new HamuUnlearner()
        .setForgetPredicate(TrainingRows.FORGET)
        .setLearningRate(2.0)
        .setConstraintRatio(1e-4)
        .setMaxIter(5)
        .setStepControl("as-planned")
        .setTargetEnabled(false)
        .setRequireForgotten(false);
  }

  @Test
  void logisticRegressionComesBackAsALogisticRegressionModelHoldingTheRunsWeights() {
    HamuUnlearner u = unlearner().setModel(logistic);

    LogisticRegressionModel out = assertInstanceOf(LogisticRegressionModel.class, u.fit(data));

    assertEquals(logistic.uid(), out.uid());
    UnlearningSummary run = u.getLastRun();
    ParameterBlocks weights = run.getResult().result().weights();
    ImportedModel back = MllibModelCodec.importModel(out);
    assertArrayEquals(
        weights.toFlatArray(), back.weights().toFlatArray(), "the model holds the run's weights");
    assertNotEquals(
        Arrays.toString(MllibModelCodec.importModel(logistic).weights().toFlatArray()),
        Arrays.toString(weights.toFlatArray()),
        "the weights changed");
    TrainingRows.Predicted.of(out, data).assertEnginePredicts(back, weights, "logistic regression");

    assertEquals(270, run.getRetainRows());
    assertEquals(30, run.getForgetRows());
    assertEquals(-1, run.getRequestedIds());
    assertTrue(run.getAppliedSteps() > 0, "some steps are applied: " + run);
    assertTrue(
        run.getAfter().forget().loss() > run.getBefore().forget().loss(),
        "forget loss rises: " + run);
    assertTrue(run.getVerdict().assessed());
    assertHistory(run, 2);
  }

  @Test
  void savedPipelineComesBackAsAPipelineModelWhoseLastStageHoldsTheRunsWeights(@TempDir Path dir)
      throws Exception {
    String path = dir.resolve("mlp-pipeline").toString();
    perceptron.write().save(path);
    HamuUnlearner u = unlearner().setModelPath(path);

    PipelineModel out = assertInstanceOf(PipelineModel.class, u.fit(raw));

    assertEquals(perceptron.uid(), out.uid());
    assertEquals(2, out.stages().length);
    assertInstanceOf(VectorAssembler.class, out.stages()[0]);
    assertInstanceOf(MultilayerPerceptronClassificationModel.class, out.stages()[1]);
    UnlearningSummary run = u.getLastRun();
    ParameterBlocks weights = run.getResult().result().weights();
    ImportedModel back = MllibModelCodec.importModel(out);
    assertArrayEquals(
        weights.toFlatArray(),
        back.weights().toFlatArray(),
        "the pipeline holds the run's weights");
    TrainingRows.Predicted.of(out, raw).assertEnginePredicts(back, weights, "perceptron pipeline");
    assertTrue(run.getAppliedSteps() > 0, "some steps are applied: " + run);
    assertTrue(
        run.getAfter().forget().loss() > run.getBefore().forget().loss(),
        "forget loss rises: " + run);
    assertHistory(run, 4);
  }

  @Test
  void zeroIterationsGiveAModelPredictingExactlyAsTheOriginal() {
    HamuUnlearner u = unlearner().setMaxIter(0);

    LogisticRegressionModel sameLogistic = (LogisticRegressionModel) u.setModel(logistic).fit(data);
    PipelineModel samePipeline = (PipelineModel) u.setModel(perceptron).fit(raw);

    TrainingRows.Predicted.of(logistic, data)
        .assertIdentical(TrainingRows.Predicted.of(sameLogistic, data), "logistic regression");
    TrainingRows.Predicted.of(perceptron, raw)
        .assertIdentical(TrainingRows.Predicted.of(samePipeline, raw), "pipeline");
    UnlearningSummary run = u.getLastRun();
    assertEquals(RunStopReason.ITERATION_LIMIT, run.getStopReason());
    assertEquals(0, run.getIterations());
    assertEquals(0, run.getIterationHistory().count());
    assertEquals(0, run.getTensorHistory().count());
    assertEquals(run.getBefore(), run.getAfter());
  }

  @Test
  void baselinesHaveNoTensorDiagnostics() {
    HamuUnlearner u =
        unlearner().setMethod("ga").setLearningRate(0.1).setMaxIter(2).setModel(logistic);

    u.fit(data);

    UnlearningSummary run = u.getLastRun();
    assertFalse(run.getVerdict().assessed());
    List<Row> rows = run.getIterationHistory().orderBy("iteration").collectAsList();
    assertEquals(2, rows.size());
    for (Row row : rows) {
      assertTrue(row.getBoolean(row.fieldIndex("applied")));
      assertNull(row.get(row.fieldIndex("kappaMin")), "no tensors, no κ range");
      assertNull(row.get(row.fieldIndex("feasibility")));
      assertTrue(row.getJavaMap(row.fieldIndex("branches")).isEmpty());
    }
    assertEquals(0, run.getTensorHistory().count());
    assertTrue(
        run.getAfter().forget().loss() > run.getBefore().forget().loss(),
        "gradient ascent on the forget rows");
  }

  /** The history frames match the run's records; {@code tensors} per iteration. */
  private static void assertHistory(UnlearningSummary run, int tensors) {
    List<IterationRecord> records = run.getResult().result().history();
    Dataset<Row> iterations = run.getIterationHistory();
    assertEquals(HistoryFrames.iterationSchema(), iterations.schema());
    List<Row> rows = iterations.orderBy("iteration").collectAsList();
    assertEquals(records.size(), rows.size(), "one row per iteration");
    assertEquals(run.getIterations(), rows.size());
    long applied = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      IterationRecord r = records.get(i);
      assertEquals(i, row.getInt(row.fieldIndex("iteration")));
      assertEquals(r.forgetLoss(), row.getDouble(row.fieldIndex("forgetLoss")));
      assertEquals(r.retainAccuracy(), row.getDouble(row.fieldIndex("retainAccuracy")));
      assertEquals(r.plan().apply(), row.getBoolean(row.fieldIndex("applied")));
      assertEquals(r.plan().stopReason().name(), row.getString(row.fieldIndex("stopReason")));
      assertEquals(
          r.plan().summary().stoppingMargin(), row.getDouble(row.fieldIndex("stoppingMargin")));
      double kappaMin = row.getDouble(row.fieldIndex("kappaMin"));
      double kappaMax = row.getDouble(row.fieldIndex("kappaMax"));
      assertTrue(
          -1 <= kappaMin && kappaMin <= kappaMax && kappaMax <= 1, kappaMin + " " + kappaMax);
      assertTrue(row.getDouble(row.fieldIndex("feasibility")) > 0);
      Map<String, Integer> branches = row.getJavaMap(row.fieldIndex("branches"));
      assertEquals(
          tensors,
          branches.values().stream().mapToInt(Integer::intValue).sum(),
          "branches " + branches);
      if (row.getBoolean(row.fieldIndex("applied"))) {
        applied++;
      }
    }
    assertTrue(applied > 0, "the history shows applied steps");
    assertEquals(run.getAppliedSteps(), applied);

    Dataset<Row> perTensor = run.getTensorHistory();
    assertEquals(HistoryFrames.tensorSchema(), perTensor.schema());
    assertEquals(
        (long) tensors * rows.size(), perTensor.count(), "one row per iteration and tensor");
    Set<String> names = new TreeSet<>();
    perTensor.select("tensor").collectAsList().forEach(r -> names.add(r.getString(0)));
    assertEquals(new TreeSet<>(run.getResult().result().weights().names()), names);
    List<Row> first = perTensor.filter("iteration = 0").orderBy("tensor").collectAsList();
    for (Row t : first) {
      String name = t.getString(t.fieldIndex("tensor"));
      var d =
          records.get(0).plan().tensors().stream()
              .filter(x -> x.name().equals(name))
              .findFirst()
              .orElseThrow();
      assertEquals(d.hardness().kappa(), t.getDouble(t.fieldIndex("kappa")));
      assertEquals(d.hardness().feasibility(), t.getDouble(t.fieldIndex("c")));
      assertEquals(d.branch().name(), t.getString(t.fieldIndex("branch")));
      assertEquals(d.radius(), t.getDouble(t.fieldIndex("radius")));
      assertEquals(d.constraint(), t.getDouble(t.fieldIndex("constraint")));
    }
  }
}
