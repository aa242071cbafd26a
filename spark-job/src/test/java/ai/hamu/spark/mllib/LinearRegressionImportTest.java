package ai.hamu.spark.mllib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.spark.testing.LocalSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code LinearRegressionModel}s trained by MLlib (squared and Huber loss), through import and
 * export.
 */
class LinearRegressionImportTest {

  private static SparkSession spark;
  private static Dataset<Row> rows;
  private static LinearRegressionModel squared;
  private static LinearRegressionModel huber;

  @BeforeAll
  static void train() {
    spark = LocalSpark.get();
    rows = SyntheticRows.regression(spark, "features", 21).cache();
    squared = new LinearRegression().setPredictionCol("estimate").fit(rows);
    huber = new LinearRegression().setLoss("huber").fit(rows);
  }

  private static Scored score(Model<?> model) {
    LinearRegressionModel linear = (LinearRegressionModel) model;
    return Scored.of(linear, rows, linear.getFeaturesCol(), null, linear.getPredictionCol());
  }

  @Test
  void importsCoefficientsAndInterceptAndMatchesMllibPredictions() {
    for (LinearRegressionModel original : List.of(squared, huber)) {
      ImportedModel imported = MllibModelCodec.importModel(original);

      assertEquals(Architecture.linearRegression(SyntheticRows.FEATURES), imported.architecture());
      assertArrayEquals(
          original.coefficients().toArray(),
          imported.weights().get("coefficients").toDoubleVector());
      assertEquals(original.intercept(), imported.weights().get("intercept").getDouble(0));
      assertTrue(imported.fitIntercept());
      assertEquals("features", imported.featuresCol());
      assertEquals("label", imported.labelCol());
      Scored mllib = score(original);
      assertNull(mllib.probabilities());
      mllib.assertEngineAgrees(imported, imported.weights(), original.getLoss());
    }
  }

  @Test
  void exportingTheSameWeightsReproducesPredictionsParamsAndScale() {
    assertNotEquals(1.0, huber.scale(), "Huber loss estimates a scale");
    for (LinearRegressionModel original : List.of(squared, huber)) {
      ImportedModel imported = MllibModelCodec.importModel(original);

      LinearRegressionModel exported =
          assertInstanceOf(
              LinearRegressionModel.class, MllibModelCodec.export(imported, imported.weights()));

      assertEquals(original.scale(), exported.scale());
      assertEquals(original.getPredictionCol(), exported.getPredictionCol());
      Scored.assertSameParams(original, exported);
      score(original).assertIdentical(score(exported), original.getLoss());
    }
  }

  @Test
  void exportingChangedWeightsGivesTheEnginesPredictions() {
    ImportedModel imported = MllibModelCodec.importModel(squared);
    ParameterBlocks halved = imported.weights().scaled(0.5);

    Model<?> exported = MllibModelCodec.export(imported, halved);

    Scored after = score(exported);
    after.assertEngineAgrees(imported, halved, "halved");
    assertNotEquals(score(squared).predictions()[0], after.predictions()[0]);
  }

  @Test
  void exportedModelSurvivesSaveAndMllibLoad(@TempDir Path dir) throws Exception {
    ImportedModel imported = MllibModelCodec.importModel(huber);
    Model<?> exported = MllibModelCodec.export(imported, imported.weights().scaled(0.5));
    String path = dir.resolve("linear").toString();

    MllibModelStore.save(exported, path, false);
    LinearRegressionModel loaded = LinearRegressionModel.load(path);
    Model<?> detected = MllibModelStore.load(spark, path);

    score(exported).assertIdentical(score(loaded), "LinearRegressionModel.load");
    score(exported).assertIdentical(score(detected), "MllibModelStore.load");
    assertEquals(huber.scale(), loaded.scale());
    Scored.assertSameParams(exported, loaded);
  }

  @Test
  void aModelWithoutInterceptKeepsItsInterceptFrozen() {
    LinearRegressionModel noIntercept = new LinearRegression().setFitIntercept(false).fit(rows);
    ImportedModel imported = MllibModelCodec.importModel(noIntercept);

    assertFalse(imported.fitIntercept());
    assertEquals(List.of("intercept"), imported.frozenBlocks());
    score(noIntercept).assertEngineAgrees(imported, imported.weights(), "no intercept");
    ParameterBlocks moved = imported.weights().copy();
    moved.get("intercept").putScalar(0, -1.5);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MllibModelCodec.export(imported, moved));
    assertTrue(
        e.getMessage().contains("'intercept'") && e.getMessage().contains("-1.5"), e.getMessage());
  }
}
