package ai.hamu.spark.job;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.spark.testing.JobRuns;
import ai.hamu.spark.testing.LocalSpark;
import ai.hamu.spark.testing.SameOnEverySparkLine;
import ai.hamu.spark.testing.ThreeClassRows;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job with its defaults on an MLlib model trained to convergence (training loss near 0): given
 * only paths it forgets a whole class, and it says so with exit 0; it refuses to start a deletion
 * it cannot judge; a budget too small is "not forgotten" (exit 5) and the κ criterion "escalate"
 * (exit 6), with the model and report still written for inspection. Accuracies are computed here
 * with MLlib's own {@code transform} on the written model, not read from the engine.
 */
@SameOnEverySparkLine
class ForgettingVerdictJobTest {

  private static SparkSession spark;
  @TempDir static Path shared;
  private static String dataPath;
  private static String heldOutPath;
  private static String modelPath;
  private static PipelineModel original;

  /** Overlapping classes (a model that cannot fit every row): gradients well above rounding. */
  private static String overlappingDataPath;

  private static String overlappingModelPath;

  @BeforeAll
  static void prepare() {
    spark = LocalSpark.get();
    dataPath =
        ThreeClassRows.write(
            spark,
            ThreeClassRows.rows(new Random(21), 300, i -> "row-" + i, 6.0),
            shared.resolve("train.parquet").toString(),
            2);
    heldOutPath =
        ThreeClassRows.write(
            spark,
            ThreeClassRows.rows(new Random(22), 150, i -> "new-" + i, 6.0),
            shared.resolve("held-out.parquet").toString(),
            1);
    original =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new VectorAssembler()
                      .setInputCols(ThreeClassRows.COLUMNS)
                      .setOutputCol("features"),
                  new LogisticRegression().setFamily("multinomial").setMaxIter(200).setTol(1e-10)
                })
            .fit(spark.read().parquet(dataPath));
    modelPath = shared.resolve("model").toString();
    overlappingDataPath =
        ThreeClassRows.write(
            spark,
            ThreeClassRows.rows(new Random(23), 300, i -> "row-" + i),
            shared.resolve("overlapping.parquet").toString(),
            2);
    overlappingModelPath = shared.resolve("overlapping-model").toString();
    try {
      original.write().save(modelPath);
      new Pipeline()
          .setStages(
              new PipelineStage[] {
                new VectorAssembler().setInputCols(ThreeClassRows.COLUMNS).setOutputCol("features"),
                new LogisticRegression().setFamily("multinomial").setMaxIter(100)
              })
          .fit(spark.read().parquet(overlappingDataPath))
          .write()
          .save(overlappingModelPath);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> onlyPaths(Path dir, String predicate) {
    Map<String, String> m = new HashMap<>();
    m.put("hamu.data.path", dataPath);
    m.put("hamu.model.path", modelPath);
    m.put("hamu.output.path", dir.resolve("out").toString());
    m.put("hamu.forget.predicate", predicate);
    return m;
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(Map<String, String> settings) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        UnlearnJob.run(
            JobRuns.args(settings),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static double accuracy(PipelineModel model, String where) {
    Dataset<Row> scored = model.transform(spark.read().parquet(dataPath).where(where));
    long n = scored.count();
    return (double) scored.where(col("prediction").equalTo(col("label").cast("double"))).count()
        / n;
  }

  private static JsonNode report(Path dir) throws IOException {
    return new ObjectMapper().readTree(Files.readString(dir.resolve("out.report.json")));
  }

  @Test
  void theModelFitsItsTrainingRows() {
    Dataset<Row> scored = original.transform(spark.read().parquet(dataPath));
    assertEquals(
        1.0,
        (double) scored.where(col("prediction").equalTo(col("label").cast("double"))).count()
            / scored.count(),
        "a converged model: every training row right");
  }

  @Test
  void givenOnlyPathsAWholeClassIsForgottenWithExitZero(@TempDir Path dir) throws IOException {
    Run r = run(onlyPaths(dir, "label = 2"));
    assertEquals(UnlearnJob.OK, r.exit(), r.out() + r.err());
    assertTrue(r.out().contains("verdict: FORGOTTEN"), r.out());
    PipelineModel unlearned = PipelineModel.load(dir.resolve("out").toString());
    assertTrue(accuracy(unlearned, "label = 2") <= 0.01, "the class is no longer recognised");
    assertTrue(
        accuracy(original, "label != 2") - accuracy(unlearned, "label != 2")
            <= 0.01 + 1e-12, // the guard's tolerance; exactly 1 point is within it
        "retain intact");
    JsonNode report = report(dir);
    assertEquals("FORGOTTEN", report.at("/verdict/outcome").asText());
    assertTrue(report.at("/verdict/success").asBoolean());
    JsonNode last = report.at("/history").get(report.at("/history").size() - 1);
    assertTrue(last.at("/target/met").asBoolean(), "the last iteration measured the target met");
    assertTrue(report.at("/verdict/keptSteps").asInt() > 0, "the model moved");
    // the forgotten class was raised on its log-odds up to ln 2 (probability 1/3: another class
    // predicted); the retained classes' rows were not forgotten, and without shared rows there is
    // no held-out cap
    JsonNode caps = report.at("/rows/forgetLossCapByClass");
    assertEquals(3, caps.size(), report.at("/rows").toString());
    assertTrue(caps.get(0).isNull() && caps.get(1).isNull(), caps.toString());
    assertEquals(Math.log(2), caps.get(2).asDouble(), 1e-12);
    JsonNode objectives = report.at("/rows/forgetObjectiveByClass");
    assertEquals("[\"loss\",\"loss\",\"log-odds\"]", objectives.toString());
  }

  @Test
  void aDeletionItCannotJudgeIsRefusedBeforeAnyOutput(@TempDir Path dir) {
    Run r = run(onlyPaths(dir, "id LIKE 'row-1%'"));
    assertEquals(UnlearnJob.INVALID, r.exit(), r.err());
    assertTrue(r.err().contains("hamu.target.heldout.path"), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    assertFalse(Files.exists(dir.resolve("out")), "nothing written");
  }

  @Test
  void aRandomDeletionWithHeldOutRowsEndsWithAnHonestVerdict(@TempDir Path dir) throws IOException {
    Map<String, String> m = onlyPaths(dir, "id LIKE 'row-1%'");
    m.put("hamu.target.heldout.path", heldOutPath);
    Run r = run(m);
    JsonNode report = report(dir);
    String outcome = report.at("/verdict/outcome").asText();
    assertEquals(
        outcome.equals("FORGOTTEN")
            ? UnlearnJob.OK
            : outcome.equals("ESCALATE") ? UnlearnJob.ESCALATE : UnlearnJob.NOT_FORGOTTEN,
        r.exit(),
        "the exit code says the verdict: " + r.out());
    PipelineModel unlearned = PipelineModel.load(dir.resolve("out").toString());
    assertTrue(
        accuracy(original, "NOT (id LIKE 'row-1%')") - accuracy(unlearned, "NOT (id LIKE 'row-1%')")
            <= 0.01,
        "whatever the verdict, the written model keeps the retained rows within the tolerance");
    JsonNode caps = report.at("/rows/forgetLossCapByClass");
    assertEquals(3, caps.size(), report.at("/rows").toString());
    double shared = caps.get(0).asDouble();
    assertTrue(shared > 0 && Double.isFinite(shared), caps.toString());
    for (JsonNode c : caps) {
      assertEquals(shared, c.asDouble(), 0.0, "every class is retained: one held-out quantile");
    }
    assertEquals(
        "[\"loss\",\"loss\",\"loss\"]", report.at("/rows/forgetObjectiveByClass").toString());
    // the held-out guard's numbers are in the report: at the original weights no held-out row has
    // changed, so the paired error √(lost + gained)/n is exactly 0; later it is at most √n/n
    JsonNode first = report.at("/history/0/target");
    assertTrue(first.at("/heldOutAccuracy").isNumber(), first.toString());
    assertEquals(0.0, first.at("/heldOutChangeError").asDouble(-1), 0.0, first.toString());
    for (JsonNode it : report.at("/history")) {
      double error = it.at("/target/heldOutChangeError").asDouble(-1);
      assertTrue(error >= 0 && error <= 1, it.at("/target").toString());
    }
    // the phases partition the unlearning: each took time, the iterations hold every iteration's
    // own wall time, and together they fit inside the report's wall time
    JsonNode phases = report.at("/phases");
    for (String phase : List.of("rows", "target", "iterations", "metrics")) {
      assertTrue(phases.at("/" + phase + "Seconds").asDouble() > 0, phase + ": " + phases);
    }
    double iterationMillis = 0;
    for (JsonNode it : report.at("/history")) {
      iterationMillis += it.at("/wallMillis").asDouble();
    }
    assertTrue(
        iterationMillis <= phases.at("/iterationsSeconds").asDouble() * 1000 + 1,
        iterationMillis + " ms of iterations in " + phases);
    double total = 0;
    for (JsonNode p : phases) {
      total += p.asDouble();
    }
    assertTrue(total <= report.at("/wallSeconds").asDouble() + 1e-3, phases.toString());
  }

  @Test
  void aBudgetTooSmallIsNotForgottenWithExitFiveAndTheRunStillWritten(@TempDir Path dir)
      throws IOException {
    Map<String, String> m = onlyPaths(dir, "label = 2");
    m.put("hamu.iterations", "2");
    Run r = run(m);
    assertEquals(UnlearnJob.NOT_FORGOTTEN, r.exit(), r.out() + r.err());
    assertEquals("NOT_FORGOTTEN", report(dir).at("/verdict/outcome").asText());
    assertFalse(report(dir).at("/verdict/success").asBoolean());
    assertTrue(
        accuracy(PipelineModel.load(dir.resolve("out").toString()), "label = 2") > 0.01,
        "not forgotten indeed");
  }

  @Test
  void theHardnessCriterionEscalatesWithExitSix(@TempDir Path dir) throws IOException {
    // rows of retained classes, and c* = 1: the whole reachable gain can never be bought for free
    Map<String, String> m = onlyPaths(dir, "id LIKE 'row-1%'");
    m.put("hamu.data.path", overlappingDataPath);
    m.put("hamu.model.path", overlappingModelPath);
    m.put("hamu.target.heldout.path", heldOutPath);
    m.put("hamu.stopping.stop", "true");
    m.put("hamu.feasibilityTarget", "1");
    Run r = run(m);
    assertEquals(UnlearnJob.ESCALATE, r.exit(), r.out() + r.err());
    JsonNode report = report(dir);
    assertEquals("ESCALATE", report.at("/verdict/outcome").asText());
    assertEquals(0, report.at("/verdict/firstCollateralIteration").asInt());
    assertEquals(0, report.at("/verdict/keptSteps").asInt());
  }
}
