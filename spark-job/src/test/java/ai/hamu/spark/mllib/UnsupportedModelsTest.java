package ai.hamu.spark.mllib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.spark.testing.LocalSpark;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.DecisionTreeClassificationModel;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the codec and the store refuse, and how they say so. */
class UnsupportedModelsTest {

  private static SparkSession spark;
  private static Dataset<Row> rows;
  private static DecisionTreeClassificationModel tree;

  @BeforeAll
  static void train() {
    spark = LocalSpark.get();
    rows = SyntheticRows.classification(spark, "features", 2, 51).cache();
    tree = new DecisionTreeClassifier().setMaxDepth(3).fit(rows);
  }

  private static void assertRefusedNaming(Transformer model, String... parts) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MllibModelCodec.importModel(model));
    for (String part : parts) {
      assertTrue(
          e.getMessage().contains(part), "message should name " + part + ": " + e.getMessage());
    }
  }

  @Test
  void refusesTreeModelsNamingTheirClass() {
    assertRefusedNaming(
        tree, DecisionTreeClassificationModel.class.getName(), "LogisticRegressionModel");
    assertRefusedNaming(
        new RandomForestClassifier().setNumTrees(3).setMaxDepth(2).fit(rows),
        "org.apache.spark.ml.classification.RandomForestClassificationModel");
  }

  @Test
  void refusesATransformerThatIsNotAModel() {
    assertRefusedNaming(
        new VectorAssembler().setInputCols(new String[] {"features"}).setOutputCol("v"),
        VectorAssembler.class.getName());
  }

  @Test
  void refusesAPipelineWhoseLastStageIsUnsupported() {
    LogisticRegressionModel lr = new LogisticRegression().setMaxIter(5).fit(rows);
    PipelineModel treeLast = new PipelineModel("pipeline_tree_last", new Transformer[] {lr, tree});
    assertRefusedNaming(
        treeLast,
        DecisionTreeClassificationModel.class.getName(),
        "last stage of PipelineModel pipeline_tree_last");
    assertRefusedNaming(
        new PipelineModel("pipeline_empty", new Transformer[0]),
        "PipelineModel pipeline_empty",
        "at least one stage");
  }

  @Test
  void loadingAMissingPathNamesThePath(@TempDir Path dir) {
    String missing = dir.resolve("no-such-model").toString();
    FileNotFoundException e =
        assertThrows(FileNotFoundException.class, () -> MllibModelStore.load(spark, missing));
    assertTrue(e.getMessage().contains(missing), e.getMessage());
  }

  @Test
  void loadingADirectoryWithoutMetadataNamesTheExpectedFile(@TempDir Path dir) throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    FileNotFoundException e =
        assertThrows(
            FileNotFoundException.class, () -> MllibModelStore.load(spark, empty.toString()));
    assertTrue(
        e.getMessage().contains("part-00000") && e.getMessage().contains(empty.toString()),
        e.getMessage());
  }

  @Test
  void readsTheClassFromEitherMetadataFileName(@TempDir Path dir) throws IOException {
    String saved = dir.resolve("saved").toString();
    MllibModelStore.save(new LogisticRegression().setMaxIter(5).fit(rows), saved, false);
    assertEquals(
        LogisticRegressionModel.class.getName(), MllibModelStore.savedClassName(spark, saved));
    try (var files = Files.list(dir.resolve("saved").resolve("metadata"))) {
      assertTrue(
          files.anyMatch(f -> f.getFileName().toString().startsWith("part-00000")),
          "MLlib wrote a part-00000* metadata file");
    }

    String json =
        "{\"class\":\"org.apache.spark.ml.regression.LinearRegressionModel\",\"uid\":\"lin\"}\n";
    Path legacy = Files.createDirectories(dir.resolve("legacy").resolve("metadata"));
    Files.writeString(legacy.resolve("part-00000"), json, StandardCharsets.UTF_8);
    assertEquals(
        "org.apache.spark.ml.regression.LinearRegressionModel",
        MllibModelStore.savedClassName(spark, dir.resolve("legacy").toString()));

    Path split = Files.createDirectories(dir.resolve("split").resolve("metadata"));
    Files.writeString(split.resolve("part-00000-a1-c000.txt"), "", StandardCharsets.UTF_8);
    Files.writeString(split.resolve("part-00001-a1-c000.txt"), json, StandardCharsets.UTF_8);
    Files.writeString(split.resolve("_SUCCESS"), "", StandardCharsets.UTF_8);
    assertEquals(
        "org.apache.spark.ml.regression.LinearRegressionModel",
        MllibModelStore.savedClassName(spark, dir.resolve("split").toString()));
  }

  @Test
  void loadingUnreadableMetadataNamesTheFile(@TempDir Path dir) throws IOException {
    Path metadata = Files.createDirectories(dir.resolve("garbled").resolve("metadata"));
    Files.writeString(metadata.resolve("part-00000"), "not json\n", StandardCharsets.UTF_8);
    IOException garbled =
        assertThrows(
            IOException.class,
            () -> MllibModelStore.load(spark, dir.resolve("garbled").toString()));
    assertTrue(garbled.getMessage().contains("part-00000"), garbled.getMessage());

    Files.writeString(metadata.resolve("part-00000"), "{\"uid\":\"x\"}\n", StandardCharsets.UTF_8);
    IOException noClass =
        assertThrows(
            IOException.class,
            () -> MllibModelStore.load(spark, dir.resolve("garbled").toString()));
    assertTrue(noClass.getMessage().contains("\"class\""), noClass.getMessage());
  }

  @Test
  void loadingASavedUnsupportedModelNamesItsClass(@TempDir Path dir) throws IOException {
    String path = dir.resolve("tree").toString();
    MllibModelStore.save(tree, path, false);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MllibModelStore.load(spark, path));
    assertTrue(
        e.getMessage().contains(DecisionTreeClassificationModel.class.getName())
            && e.getMessage().contains(path),
        e.getMessage());
  }

  @Test
  void savingOverAnExistingModelNeedsOverwrite(@TempDir Path dir) throws IOException {
    LogisticRegressionModel first = new LogisticRegression().setMaxIter(5).fit(rows);
    LogisticRegressionModel second = new LogisticRegression().setMaxIter(6).fit(rows);
    String path = dir.resolve("lr").toString();
    MllibModelStore.save(first, path, false);

    assertThrows(IOException.class, () -> MllibModelStore.save(second, path, false));
    MllibModelStore.save(second, path, true);

    LogisticRegressionModel loaded =
        assertInstanceOf(LogisticRegressionModel.class, MllibModelStore.load(spark, path));
    assertEquals(second.uid(), loaded.uid());
  }
}
