package ai.hamu.spark.mllib;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.ModelType;
import ai.hamu.spark.testing.LocalSpark;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MLlib models saved by Spark 3.5 and by Spark 4.2 load in the Spark this build runs on, through
 * {@link MllibModelStore}, and score their training rows exactly as the saving Spark did (its own
 * recorded scores are the independent expectation); the engine's import of each loaded model agrees
 * with them too. Run in the default build and with {@code -Pspark35}, this covers both directions
 * between the two Spark lines.
 */
class ModelsSavedByEachSparkLineTest {

  /** The Spark versions whose saved models are committed under {@code mllib-saved/<version>}. */
  static final List<String> SAVING_VERSIONS = List.of("3.5.6", "4.2.0");

  static Stream<Arguments> savedModels() {
    List<Arguments> cases = new ArrayList<>();
    for (String version : SAVING_VERSIONS) {
      for (SavedModelFixtures fixture : SavedModelFixtures.values()) {
        cases.add(Arguments.of(version, fixture));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{1} saved by Spark {0}")
  @MethodSource("savedModels")
  void loadsAndScoresAsTheSavingSparkDid(String savedBy, SavedModelFixtures fixture)
      throws IOException {
    SparkSession spark = LocalSpark.get();
    Path dir = savedBy(savedBy);
    String path = dir.resolve(fixture.directoryName()).toString();
    assertTrue(
        versionRecordedIn(dir.resolve(fixture.directoryName()))
            .contains("\"sparkVersion\":\"" + savedBy + "\""),
        "the committed model at " + path + " was saved by Spark " + savedBy);

    Model<?> loaded = MllibModelStore.load(spark, path);
    Dataset<Row> rows = fixture.rows(spark);
    double[][] expected = fixture.savedScores(dir);
    double[][] actual = fixture.score(loaded, rows);

    assertEquals(expected.length, actual.length, "rows scored");
    for (int i = 0; i < expected.length; i++) {
      assertAllClose(
          actual[i],
          expected[i],
          Scored.RTOL,
          Scored.PROBABILITY_ATOL,
          fixture + " saved by Spark " + savedBy + ", row " + i);
    }
    ImportedModel imported = MllibModelCodec.importModel(loaded);
    assertEquals(fixture.isPipeline(), imported.isPipeline());
    assertEquals(fixture.isPipeline(), loaded instanceof PipelineModel);
    Dataset<Row> modelInput = imported.toModelInput(rows);
    Scored.of(
            imported.model(),
            modelInput,
            imported.featuresCol(),
            probabilityColumn(imported),
            "prediction")
        .assertEngineAgrees(imported, imported.weights(), fixture + " saved by Spark " + savedBy);
  }

  @Test
  void everySavedModelIsCommittedForEverySavingVersion() throws IOException {
    for (String version : SAVING_VERSIONS) {
      Path dir = savedBy(version);
      for (SavedModelFixtures fixture : SavedModelFixtures.values()) {
        assertTrue(
            Files.isDirectory(dir.resolve(fixture.directoryName()).resolve("metadata")),
            fixture + " saved by Spark " + version);
        assertFalse(Files.readAllLines(dir.resolve(fixture.directoryName() + ".scores")).isEmpty());
      }
    }
  }

  /** Writes this Spark version's models; see {@link SavedModelFixtures} for the command. */
  @Test
  @EnabledIfSystemProperty(named = "hamu.savedModels.out", matches = ".+")
  void writesThisSparkVersionsModels() throws IOException {
    SparkSession spark = LocalSpark.get();
    Path dir = Path.of(System.getProperty("hamu.savedModels.out")).resolve(spark.version());
    Files.createDirectories(dir);
    for (SavedModelFixtures fixture : SavedModelFixtures.values()) {
      fixture.write(spark, dir);
    }
  }

  private static String probabilityColumn(ImportedModel imported) {
    return imported.architecture().type() == ModelType.LINEAR_REGRESSION ? null : "probability";
  }

  private static String versionRecordedIn(Path model) throws IOException {
    try (Stream<Path> files = Files.list(model.resolve("metadata"))) {
      Path part =
          files
              .filter(f -> f.getFileName().toString().startsWith("part-"))
              .findFirst()
              .orElseThrow();
      return Files.readString(part);
    }
  }

  private static Path savedBy(String version) {
    URL url = ModelsSavedByEachSparkLineTest.class.getResource("/mllib-saved/" + version);
    if (url == null) {
      throw new IllegalStateException(
          "no models saved by Spark "
              + version
              + " on the test classpath: expected "
              + "src/test/resources/mllib-saved/"
              + version);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
