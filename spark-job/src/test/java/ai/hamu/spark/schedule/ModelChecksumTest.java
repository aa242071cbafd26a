package ai.hamu.spark.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.hamu.core.io.NativeModel;
import ai.hamu.core.io.Provenance;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.spark.job.ModelSource;
import ai.hamu.spark.mllib.MllibModelStore;
import ai.hamu.spark.testing.LocalSpark;
import ai.hamu.spark.testing.ThreeClassRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ModelChecksum} identifies a model by its content: two saves of one MLlib pipeline (whose
 * files differ: MLlib names its data files at random and stamps its metadata with the time) and two
 * native files with different provenance have one checksum; one weight changed by one ulp, or one
 * prediction parameter changed, gives another.
 */
class ModelChecksumTest {

  private final SparkSession spark = LocalSpark.get();

  @Test
  void twoSavesOfOnePipelineHaveOneChecksumAndAnyChangeToWhatPredictsGivesAnother(@TempDir Path dir)
      throws IOException {
    Dataset<Row> rows =
        spark.createDataFrame(
            ThreeClassRows.rows(new Random(3), 200, i -> "r" + i), ThreeClassRows.schema());
    PipelineModel pipeline =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new VectorAssembler().setInputCols(ThreeClassRows.COLUMNS).setOutputCol("raw"),
                  new StandardScaler().setInputCol("raw").setOutputCol("features"),
                  new LogisticRegression().setFamily("multinomial").setMaxIter(20)
                })
            .fit(rows);
    String first = dir.resolve("first").toString();
    String second = dir.resolve("second").toString();
    MllibModelStore.save(pipeline, first, false);
    MllibModelStore.save(pipeline, second, false);
    assertNotEquals(
        fileNames(dir.resolve("first")),
        fileNames(dir.resolve("second")),
        "MLlib's data files are named differently on every save");

    String checksum = ModelChecksum.of(ModelSource.load(spark, first));
    assertEquals(
        checksum, ModelChecksum.of(ModelSource.load(spark, second)), "same content, same checksum");

    ModelSource.Mllib loaded = (ModelSource.Mllib) ModelSource.load(spark, first);
    double[] flat = loaded.weights().toFlatArray();
    flat[flat.length / 2] = Math.nextUp(flat[flat.length / 2]);
    String nudged = dir.resolve("nudged").toString();
    loaded.write(spark, ParameterBlocks.fromFlat(loaded.weights().specs(), flat), nudged, Map.of());
    assertNotEquals(
        checksum, ModelChecksum.of(ModelSource.load(spark, nudged)), "one weight one ulp apart");

    PipelineModel thresholded = (PipelineModel) MllibModelStore.load(spark, first);
    ((LogisticRegressionModel) thresholded.stages()[2]).setThresholds(new double[] {1, 2, 3});
    String moved = dir.resolve("thresholds").toString();
    MllibModelStore.save(thresholded, moved, false);
    assertNotEquals(
        checksum,
        ModelChecksum.of(ModelSource.load(spark, moved)),
        "a prediction parameter changed");
  }

  @Test
  void nativeFilesWrittenAtDifferentTimesHaveOneChecksum(@TempDir Path dir) throws IOException {
    Dataset<Row> rows =
        spark.createDataFrame(
            ThreeClassRows.rows(new Random(4), 120, i -> "r" + i), ThreeClassRows.schema());
    PipelineModel pipeline =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new VectorAssembler()
                      .setInputCols(ThreeClassRows.COLUMNS)
                      .setOutputCol("features"),
                  new LogisticRegression().setFamily("multinomial").setMaxIter(5)
                })
            .fit(rows);
    ModelSource.Mllib source =
        (ModelSource.Mllib) ModelSource.load(spark, save(pipeline, dir.resolve("mllib")));
    ModelSource.Native model =
        new ModelSource.Native(
            new NativeModel(
                source.architecture(), source.weights(), Provenance.now("test", Map.of())));
    String a = dir.resolve("a.hamu").toString();
    String b = dir.resolve("b.hamu").toString();
    model.write(spark, source.weights(), a, Map.of("run", "first"));
    model.write(spark, source.weights(), b, Map.of("run", "second"));
    assertNotEquals(Files.mismatch(Path.of(a), Path.of(b)), -1L, "the provenance differs");
    assertEquals(
        ModelChecksum.of(ModelSource.load(spark, a)), ModelChecksum.of(ModelSource.load(spark, b)));
  }

  private static String save(PipelineModel pipeline, Path path) throws IOException {
    MllibModelStore.save(pipeline, path.toString(), false);
    return path.toString();
  }

  private static List<String> fileNames(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }
}
