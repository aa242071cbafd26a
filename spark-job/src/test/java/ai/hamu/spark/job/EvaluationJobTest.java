package ai.hamu.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.io.NativeModel;
import ai.hamu.core.io.NativeModelStore;
import ai.hamu.core.io.Provenance;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.testing.SeededData;
import ai.hamu.spark.mllib.MllibModelCodec;
import ai.hamu.spark.testing.JobRuns;
import ai.hamu.spark.testing.LocalSpark;
import ai.hamu.spark.testing.ThreeClassRows;
import ai.hamu.spark.train.TrainingSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job with {@code hamu.evaluate.enabled}: the report's {@code evaluation} section has the
 * documented shape; its scores agree with the run's own before/after metrics (computed by another
 * code path, the gradient statistics); its weight distance agrees with an MLlib model fitted
 * directly on the retain rows; the gaps are the differences of the scores; each history entry
 * carries the forget-loss increase; {@code bin/hamu-evaluate}'s entry point reproduces the section;
 * bad settings are refused naming their key.
 */
class EvaluationJobTest {

  private static final String[] COLUMNS = ThreeClassRows.COLUMNS;
  private static final String FORGET = "label = 2 AND a > 1.0";
  private static final String[] SCORES = {"rows", "accuracy", "meanLoss"};
  private static final String[] ATTACK = {
    "aucForgetVsTest", "aucForgetVsRetain", "tprAt1PctFpr", "tprAt01PctFpr"
  };
  private static SparkSession spark;
  @TempDir static Path shared;
  private static String dataPath;
  private static String testPath;
  private static String pipelinePath;
  private static PipelineModel pipeline;

  @BeforeAll
  static void prepare() throws IOException {
    spark = LocalSpark.get();
    dataPath =
        ThreeClassRows.write(
            spark,
            ThreeClassRows.rows(new Random(8), 300, i -> "row-" + i),
            shared.resolve("train.parquet").toString(),
            3);
    testPath =
        ThreeClassRows.write(
            spark,
            ThreeClassRows.rows(new Random(9), 120, i -> "row-" + i),
            shared.resolve("test.parquet").toString(),
            3);
    pipeline =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new VectorAssembler().setInputCols(COLUMNS).setOutputCol("features"),
                  new LogisticRegression().setFamily("multinomial").setMaxIter(50).setTol(1e-10)
                })
            .fit(spark.read().parquet(dataPath));
    pipelinePath = shared.resolve("pipeline").toString();
    pipeline.write().save(pipelinePath);
  }

  private static Map<String, String> settings(Path dir) {
    Map<String, String> m = new HashMap<>();
    m.put("hamu.data.path", dataPath);
    m.put("hamu.forget.predicate", FORGET);
    m.put("hamu.model.path", pipelinePath);
    m.put("hamu.output.path", dir.resolve("out").toString());
    m.put("hamu.learningRate", "2");
    m.put("hamu.iterations", "3");
    // the loop as planned and no forgetting target: these tests are about the job's mechanics
    m.put("hamu.step.control", "as-planned");
    m.put("hamu.target.enabled", "false");

    m.put("hamu.evaluate.enabled", "true");
    m.put("hamu.evaluate.test.path", testPath);
    return m;
  }

  private static JobOutcome run(Map<String, String> m) throws IOException {
    return JobRuns.quietly(m);
  }

  private static String[] args(Map<String, String> m) {
    return JobRuns.args(m);
  }

  private static List<String> fields(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static void assertModelShape(JsonNode model, String where) {
    assertEquals(List.of("forget", "retain", "test", "membership"), fields(model), where);
    for (String split : new String[] {"forget", "retain", "test"}) {
      assertEquals(List.of(SCORES), fields(model.get(split)), where + "." + split);
    }
    assertEquals(List.of(ATTACK), fields(model.get("membership")), where + ".membership");
  }

  @Test
  void anMllibRunWritesTheEvaluationSectionConsistentWithItsOwnMetrics(@TempDir Path dir)
      throws IOException {
    JobOutcome outcome = run(settings(dir));
    JsonNode report = new ObjectMapper().readTree(Files.readString(Path.of(outcome.reportPath())));
    JsonNode e = report.get("evaluation");
    assertEquals(
        List.of("models", "gapToRetrained", "forgetLossKs", "weightDistanceToRetrained", "seconds"),
        fields(e));
    assertEquals(List.of("original", "unlearned", "retrained"), fields(e.get("models")));
    for (String name : new String[] {"original", "unlearned", "retrained"}) {
      assertModelShape(e.at("/models/" + name), name);
    }
    assertEquals(List.of("original", "unlearned"), fields(e.get("gapToRetrained")));
    assertEquals(
        List.of("unlearnedVsRetrained", "originalVsRetrained"), fields(e.get("forgetLossKs")));
    assertEquals(List.of("unlearned", "original"), fields(e.get("weightDistanceToRetrained")));
    assertEquals(List.of("unlearning", "retraining", "evaluation"), fields(e.get("seconds")));

    long forgetRows = spark.read().parquet(dataPath).filter(FORGET).count();
    assertEquals(forgetRows, e.at("/models/original/forget/rows").asLong());
    assertEquals(300 - forgetRows, e.at("/models/unlearned/retain/rows").asLong());
    assertEquals(120, e.at("/models/retrained/test/rows").asLong());
    // the run's own full-batch metrics come from the gradient statistics, a second code path
    for (String[] pair : new String[][] {{"original", "before"}, {"unlearned", "after"}}) {
      for (String split : new String[] {"forget", "retain"}) {
        assertEquals(
            report.at("/metrics/" + pair[1] + "/" + split + "/loss").asDouble(),
            e.at("/models/" + pair[0] + "/" + split + "/meanLoss").asDouble(),
            1e-10,
            pair[0] + " " + split);
        assertEquals(
            report.at("/metrics/" + pair[1] + "/" + split + "/accuracy").asDouble(),
            e.at("/models/" + pair[0] + "/" + split + "/accuracy").asDouble(),
            1e-12,
            pair[0] + " " + split);
      }
    }
    for (String name : new String[] {"original", "unlearned"}) {
      for (String split : new String[] {"forget", "retain", "test"}) {
        for (String field : SCORES) {
          String at = "/" + split + "/" + field;
          assertEquals(
              e.at("/models/" + name + at).asDouble() - e.at("/models/retrained" + at).asDouble(),
              e.at("/gapToRetrained/" + name + at).asDouble(),
              1e-12,
              name + at);
        }
      }
      for (String field : ATTACK) {
        String at = "/membership/" + field;
        assertEquals(
            e.at("/models/" + name + at).asDouble() - e.at("/models/retrained" + at).asDouble(),
            e.at("/gapToRetrained/" + name + at).asDouble(),
            1e-12,
            name + at);
      }
      double ks = e.at("/forgetLossKs/" + name + "VsRetrained").asDouble();
      assertTrue(ks > 0 && ks <= 1, name + " KS " + ks);
    }
    // the retrain reference: the same LogisticRegression fitted on the retain rows directly
    Dataset<Row> retain = spark.read().parquet(dataPath).filter("NOT (" + FORGET + ")");
    Transformer assembler = pipeline.stages()[0];
    double[] direct =
        MllibModelCodec.importModel(
                new LogisticRegression()
                    .setFamily("multinomial")
                    .setMaxIter(50)
                    .setTol(1e-10)
                    .fit(assembler.transform(retain)))
            .weights()
            .toFlatArray();
    double[] original = MllibModelCodec.importModel(pipeline).weights().toFlatArray();
    assertEquals(
        distance(original, direct), e.at("/weightDistanceToRetrained/original").asDouble(), 1e-6);
    assertEquals(
        distance(outcome.result().result().weights().toFlatArray(), direct),
        e.at("/weightDistanceToRetrained/unlearned").asDouble(),
        1e-6);
    assertTrue(e.at("/seconds/retraining").asDouble() > 0);

    JsonNode history = report.get("history");
    for (int i = 0; i < history.size(); i++) {
      JsonNode h = history.get(i);
      JsonNode f = h.get("forgetIncrease");
      assertEquals(List.of("requested", "firstOrder", "actual"), fields(f));
      assertEquals(h.get("constraintTotal").asDouble(), f.get("requested").asDouble(), 0.0);
      double sum = 0;
      for (Iterator<JsonNode> t = h.get("tensors").elements(); t.hasNext(); ) {
        sum += t.next().get("realisedForgetChange").asDouble();
      }
      assertEquals(h.get("applied").asBoolean() ? sum : 0.0, f.get("firstOrder").asDouble(), 1e-15);
      if (i + 1 < history.size()) {
        assertEquals(
            history.get(i + 1).get("forgetLoss").asDouble() - h.get("forgetLoss").asDouble(),
            f.get("actual").asDouble(),
            1e-15);
      } else {
        assertTrue(f.get("actual").isNull(), "no next iteration");
      }
    }

    // bin/hamu-evaluate's entry point on the same configuration reproduces the section
    Map<String, String> again = settings(dir);
    again.put("hamu.evaluate.report.path", dir.resolve("evaluation.json").toString());
    assertEquals(UnlearnJob.OK, EvaluateJob.run(args(again)));
    JsonNode separate =
        new ObjectMapper().readTree(Files.readString(dir.resolve("evaluation.json")));
    // the retrain is a second MLlib fit: on Spark 3.5 its losses may differ in the last bit or two
    assertSameNumbers(e.get("models"), separate.at("/evaluation/models"), "/models");
    assertTrue(
        separate.at("/evaluation/seconds/unlearning").isNull(),
        "not known to a separate evaluation");
    assertEquals(
        UnlearnJob.INVALID, EvaluateJob.run(args(again)), "an existing evaluation is not replaced");

    // the evaluation never lands on what it reads, overwrite or not: the test rows, the unlearned
    // model
    for (String target :
        List.of(
            again.get("hamu.evaluate.test.path"), again.get("hamu.output.path") + "/./eval.json")) {
      Map<String, String> over = settings(dir);
      over.put("hamu.evaluate.report.path", target);
      over.put("hamu.output.overwrite", "true");
      assertEquals(UnlearnJob.INVALID, EvaluateJob.run(args(over)), target);
    }
    assertEquals(
        separate,
        new ObjectMapper().readTree(Files.readString(dir.resolve("evaluation.json"))),
        "the earlier evaluation is untouched");
    again.put("hamu.output.overwrite", "true");
    assertEquals(
        UnlearnJob.OK,
        EvaluateJob.run(args(again)),
        "an evaluation HAMU wrote is replaced on request");
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }

  @Test
  void aNativeModelRetrainsWithTheSettingsItRecordsAndIsRefusedWithoutThem(@TempDir Path dir)
      throws IOException {
    FeedForwardModel model = new FeedForwardModel(Architecture.softmaxRegression(4, 3));
    ParameterBlocks weights = SeededData.gaussianBlocks(new Random(2), model.blocks(), 0.3);
    TrainingSettings recorded =
        new TrainingSettings(TrainingSettings.Optimizer.ADAM, 0.1, 5, 100, 3);
    Path withSettings = dir.resolve("recorded.hamu");
    NativeModelStore.save(
        new NativeModel(
            model.architecture(),
            weights,
            new Provenance("test", Instant.EPOCH, recorded.toDetails())),
        withSettings,
        false);
    Map<String, String> m = settings(dir);
    m.put("hamu.model.path", withSettings.toString());
    m.put("hamu.output.path", dir.resolve("out.hamu").toString());
    m.put("hamu.data.featureColumns", String.join(",", COLUMNS));
    JsonNode e =
        new ObjectMapper()
            .readTree(Files.readString(Path.of(run(m).reportPath())))
            .get("evaluation");
    assertModelShape(e.at("/models/retrained"), "retrained");
    assertTrue(
        e.at("/models/retrained/retain/meanLoss").asDouble()
            < e.at("/models/original/retain/meanLoss").asDouble(),
        "25 Adam steps on the retain rows beat random weights");

    Path bare = dir.resolve("bare.hamu");
    NativeModelStore.save(
        new NativeModel(
            model.architecture(), weights, new Provenance("test", Instant.EPOCH, Map.of())),
        bare,
        false);
    Map<String, String> unrecorded = settings(dir);
    unrecorded.put("hamu.model.path", bare.toString());
    unrecorded.put("hamu.output.path", dir.resolve("bare-out.hamu").toString());
    unrecorded.put("hamu.data.featureColumns", String.join(",", COLUMNS));
    ConfigException missing = assertThrows(ConfigException.class, () -> run(unrecorded));
    assertEquals("hamu.evaluate.retrain.optimizer", missing.key());
    assertFalse(Files.exists(dir.resolve("bare-out.hamu")), "nothing written");
  }

  @Test
  void badEvaluationSettingsNameTheirKey() {
    Map<String, String[]> bad = new HashMap<>();
    bad.put("hamu.evaluate.enabled", new String[] {"yes"});
    bad.put("hamu.evaluate.test.format", new String[] {"xls"});
    bad.put("hamu.evaluate.retrain", new String[] {"always"});
    bad.put("hamu.evaluate.attackRows", new String[] {"0", "99", "many"});
    bad.put("hamu.evaluate.retrain.optimizer", new String[] {"rmsprop"});
    bad.put("hamu.evaluate.retrain.learningRate", new String[] {"0", "fast", "inf"});
    bad.put("hamu.evaluate.retrain.epochs", new String[] {"0", "1.5"});
    bad.put("hamu.evaluate.retrain.batchRows", new String[] {"-3"});
    bad.put("hamu.evaluate.retrain.seed", new String[] {"x"});
    Path dir = shared.resolve("bad");
    bad.forEach(
        (key, values) -> {
          for (String value : values) {
            Map<String, String> m = settings(dir);
            m.put(key, value);
            ConfigException ex =
                assertThrows(
                    ConfigException.class,
                    () -> JobConfig.from(JobSettings.of(m)),
                    key + "=" + value);
            assertEquals(key, ex.key(), ex.getMessage());
          }
        });
    Map<String, String> noTest = settings(dir);
    noTest.remove("hamu.evaluate.test.path");
    assertEquals(
        "hamu.evaluate.test.path",
        assertThrows(ConfigException.class, () -> JobConfig.from(JobSettings.of(noTest))).key());
    noTest.put("hamu.evaluate.enabled", "false");
    assertFalse(
        JobConfig.from(JobSettings.of(noTest)).evaluation().enabled(),
        "not needed when not evaluating");
    assertEquals(
        UnlearnJob.INVALID,
        EvaluateJob.run(args(noTest)),
        "bin/hamu-evaluate always needs test rows");
  }

  /**
   * Same tree, every number within 1e-12 relative (two fits of one model summing in another order).
   */
  private static void assertSameNumbers(JsonNode expected, JsonNode actual, String at) {
    if (expected.isNumber()) {
      assertTrue(actual.isNumber(), at);
      assertEquals(
          expected.asDouble(),
          actual.asDouble(),
          1e-12 * Math.max(1, Math.abs(expected.asDouble())),
          at);
    } else if (expected.isObject()) {
      assertEquals(fields(expected), fields(actual), at);
      for (String name : fields(expected)) {
        assertSameNumbers(expected.get(name), actual.get(name), at + "/" + name);
      }
    } else {
      assertEquals(expected, actual, at);
    }
  }
}
