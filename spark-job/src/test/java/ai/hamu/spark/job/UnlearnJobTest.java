package ai.hamu.spark.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.io.NativeModel;
import ai.hamu.core.io.NativeModelCodec;
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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job end to end on local files: an MLlib pipeline and a native model in, the same format out,
 * the report's content, the deletion-list accounting, exit codes, and that failed or refused runs
 * leave nothing behind. Expected weights come from the run's own result and are compared with what
 * the written model holds (exactly), so a lossy export would fail.
 */
class UnlearnJobTest {

  private static final String[] COLUMNS = ThreeClassRows.COLUMNS;
  private static SparkSession spark;
  @TempDir static Path shared;
  private static String dataPath;
  private static String pipelinePath;

  @BeforeAll
  static void prepare() {
    spark = LocalSpark.get();
    dataPath =
        ThreeClassRows.write(
            spark,
            ThreeClassRows.rows(new Random(8), 300, i -> "row-" + i),
            shared.resolve("train.parquet").toString(),
            3);
    Dataset<Row> data = spark.read().parquet(dataPath);
    PipelineModel model =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new VectorAssembler().setInputCols(COLUMNS).setOutputCol("features"),
                  new LogisticRegression().setFamily("multinomial").setMaxIter(50)
                })
            .fit(data);
    pipelinePath = shared.resolve("pipeline").toString();
    try {
      model.write().save(pipelinePath);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> settings(Path dir) {
    Map<String, String> m = new HashMap<>();
    m.put("hamu.data.path", dataPath);
    m.put("hamu.forget.predicate", "label = 2 AND a > 1.0");
    m.put("hamu.model.path", pipelinePath);
    m.put("hamu.output.path", dir.resolve("out").toString());
    m.put("hamu.learningRate", "2");
    m.put("hamu.iterations", "4");
    // the loop as planned and no forgetting target: these tests are about the job's mechanics
    m.put("hamu.step.control", "as-planned");
    m.put("hamu.target.enabled", "false");
    return m;
  }

  private static JobOutcome run(Map<String, String> m) throws IOException {
    return JobRuns.quietly(m);
  }

  private static String[] args(Map<String, String> m) {
    return JobRuns.args(m);
  }

  @Test
  void pipelineInPipelineOutWithTheUnlearnedWeightsAndAReport(@TempDir Path dir)
      throws IOException {
    JobOutcome outcome = run(settings(dir));
    PipelineModel written = PipelineModel.load(outcome.outputPath());
    assertInstanceOf(LogisticRegressionModel.class, written.stages()[1]);
    ParameterBlocks weights = MllibModelCodec.importModel(written).weights();
    assertArrayEquals(
        outcome.result().result().weights().toFlatArray(),
        weights.toFlatArray(),
        "the written model holds exactly the unlearned weights");
    long forgetRows = spark.read().parquet(dataPath).filter("label = 2 AND a > 1.0").count();
    JsonNode report = new ObjectMapper().readTree(Files.readString(Path.of(outcome.reportPath())));
    assertEquals(forgetRows, report.at("/rows/forget").asLong());
    assertEquals(300 - forgetRows, report.at("/rows/retain").asLong());
    assertEquals(4, report.at("/history").size());
    assertEquals("hamu-q", report.at("/config/hamu.method").asText());
    assertEquals(
        spark.version(),
        report.at("/provenance/sparkVersion").asText(),
        "the Spark that ran the job");
    String coreType = System.getenv("OPENBLAS_CORETYPE");
    assertEquals(
        coreType == null || coreType.isBlank() ? "chosen by OpenBLAS" : "OpenBLAS " + coreType,
        report.at("/provenance/blasKernelDriver").asText(),
        "the kernel this JVM's OpenBLAS was started with");
    assertEquals(
        report.at("/provenance/blasKernelDriver"),
        report.at("/provenance/blasKernelExecutors"),
        "local[*] executors run in the driver's JVM");
    assertEquals(2, report.at("/history/0/tensors").size(), "one entry per parameter block");
    assertTrue(report.at("/verdict/kappaAssessed").asBoolean());
    assertEquals("UNVERIFIED", report.at("/verdict/outcome").asText(), "no target was measured");
    assertTrue(
        report.at("/metrics/after/forget/loss").asDouble()
            > report.at("/metrics/before/forget/loss").asDouble(),
        "the forget loss rose");
    assertFalse(
        Files.list(dir).anyMatch(p -> p.getFileName().toString().contains(".tmp-")),
        "no temporary leftovers");
  }

  @Test
  void deletionListsCountIdsThatMatchNoRow(@TempDir Path dir) throws IOException {
    Path ids = dir.resolve("ids.csv");
    Files.writeString(ids, "id\nrow-3\nrow-7\nrow-7\nrow-11\nnobody\nghost\n");
    Map<String, String> m = settings(dir);
    m.remove("hamu.forget.predicate");
    m.put("hamu.forget.ids.path", ids.toString());
    JobOutcome outcome = run(m);
    assertEquals(3, outcome.result().counts().forgetRows());
    JsonNode report = new ObjectMapper().readTree(Files.readString(Path.of(outcome.reportPath())));
    assertEquals(5, report.at("/rows/requestedIds").asLong(), "distinct requested ids");
    assertEquals(2, report.at("/rows/unmatchedIds").asLong());
  }

  @Test
  void nativeModelsComeBackNative(@TempDir Path dir) throws IOException {
    FeedForwardModel model = new FeedForwardModel(Architecture.softmaxRegression(4, 3));
    ParameterBlocks weights = SeededData.gaussianBlocks(new Random(2), model.blocks(), 0.3);
    Path in = dir.resolve("model.hamu");
    NativeModelStore.save(
        new NativeModel(
            model.architecture(), weights, new Provenance("test", Instant.EPOCH, Map.of())),
        in,
        false);
    Map<String, String> m = settings(dir);
    m.put("hamu.model.path", in.toString());
    m.put("hamu.output.path", dir.resolve("out.hamu").toString());
    m.put("hamu.data.featureColumns", String.join(",", COLUMNS));
    JobOutcome outcome = run(m);
    NativeModel written;
    try (InputStream s = Files.newInputStream(Path.of(outcome.outputPath()))) {
      written = NativeModelCodec.read(s);
    }
    assertArrayEquals(
        outcome.result().result().weights().toFlatArray(), written.weights().toFlatArray());
    assertEquals("hamu-q", written.provenance().details().get("method"));
  }

  @Test
  void theJobIsDeterministic(@TempDir Path dir) throws IOException {
    Map<String, String> first = settings(dir);
    Map<String, String> second = settings(dir);
    second.put("hamu.output.path", dir.resolve("again").toString());
    assertArrayEquals(
        run(first).result().result().weights().toFlatArray(),
        run(second).result().result().weights().toFlatArray(),
        "bit-identical");
  }

  @Test
  void existingOutputIsRefusedWithExitCodeTwo(@TempDir Path dir) throws IOException {
    run(settings(dir));
    IllegalArgumentException again =
        assertThrows(IllegalArgumentException.class, () -> run(settings(dir)));
    assertTrue(again.getMessage().startsWith("hamu.output.path: output '"), again.getMessage());
    assertEquals(UnlearnJob.INVALID, UnlearnJob.run(args(settings(dir))));
    Map<String, String> overwrite = settings(dir);
    overwrite.put("hamu.output.overwrite", "true");
    assertEquals(UnlearnJob.OK, UnlearnJob.run(args(overwrite)));
    assertFalse(spark.sparkContext().isStopped(), "an existing session is left running");
  }

  @Test
  void corruptOrForeignModelsAreInvalidInputNamingThePath(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.hamu");
    Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    Map<String, String> corrupt = settings(dir);
    corrupt.put("hamu.model.path", bad.toString());
    corrupt.put("hamu.output.path", dir.resolve("o1").toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(corrupt));
    assertTrue(
        e.getMessage().startsWith("hamu.model.path: cannot load '" + bad + "'"), e.getMessage());
    assertEquals(UnlearnJob.INVALID, UnlearnJob.run(args(corrupt)));
    Path notAModel = Files.createDirectories(dir.resolve("not-a-model"));
    Map<String, String> foreign = settings(dir);
    foreign.put("hamu.model.path", notAModel.toString());
    foreign.put("hamu.output.path", dir.resolve("o2").toString());
    assertEquals(UnlearnJob.INVALID, UnlearnJob.run(args(foreign)));
  }

  @Test
  void badInputFailsWithExitCodeTwoAndLeavesNothing(@TempDir Path dir) {
    Map<String, String> labels = settings(dir);
    labels.put(
        "hamu.data.labelCol", "b"); // non-integer "labels" for a classifier: refused on executors
    IllegalArgumentException label =
        UnlearnJob.invalidInput(assertThrows(Exception.class, () -> run(labels)));
    assertTrue(
        label
            .getMessage()
            .startsWith("column 'b': expected a class index of the model in [0, 2], got "),
        label.getMessage());
    assertEquals(UnlearnJob.INVALID, UnlearnJob.run(args(labels)));
    Map<String, String> nothing = settings(dir);
    nothing.put("hamu.forget.predicate", "label = 99");
    assertEquals(UnlearnJob.INVALID, UnlearnJob.run(args(nothing)));
    Map<String, String> missing = settings(dir);
    missing.put("hamu.data.path", dir.resolve("no-such.parquet").toString());
    assertEquals(UnlearnJob.INVALID, UnlearnJob.run(args(missing)));
    Map<String, String> config = settings(dir);
    config.put("hamu.iterations", "-1");
    assertEquals(UnlearnJob.INVALID, UnlearnJob.run(args(config)));
    assertTrue(
        Stream.of(dir.toFile().list()).noneMatch(n -> n.startsWith("out") || n.contains(".tmp-")),
        "nothing written: " + List.of(dir.toFile().list()));
  }
}
