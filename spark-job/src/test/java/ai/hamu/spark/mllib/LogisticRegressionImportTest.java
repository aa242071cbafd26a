package ai.hamu.spark.mllib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.spark.testing.LocalSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binomial and multinomial {@code LogisticRegressionModel}s trained by MLlib, through import and
 * export.
 */
class LogisticRegressionImportTest {

  private static SparkSession spark;
  private static Dataset<Row> binary;
  private static Dataset<Row> threeClasses;
  private static LogisticRegressionModel binomial;
  private static LogisticRegressionModel multinomial;
  private static LogisticRegressionModel binaryAsMultinomial;

  @BeforeAll
  static void train() {
    spark = LocalSpark.get();
    binary = SyntheticRows.classification(spark, "x", 2, 11).cache();
    threeClasses = SyntheticRows.classification(spark, "x", 3, 12).cache();
    binomial =
        new LogisticRegression()
            .setFeaturesCol("x")
            .setPredictionCol("yhat")
            .setProbabilityCol("p")
            .fit(binary);
    multinomial = new LogisticRegression().setFeaturesCol("x").fit(threeClasses);
    binaryAsMultinomial =
        new LogisticRegression().setFeaturesCol("x").setFamily("multinomial").fit(binary);
  }

  private static Scored score(Model<?> model, Dataset<Row> rows) {
    LogisticRegressionModel lr = (LogisticRegressionModel) model;
    return Scored.of(lr, rows, lr.getFeaturesCol(), lr.getProbabilityCol(), lr.getPredictionCol());
  }

  @Test
  void importsABinomialModelAsBinaryLogisticRegression() {
    ImportedModel imported = MllibModelCodec.importModel(binomial);

    assertEquals(
        Architecture.binaryLogisticRegression(SyntheticRows.FEATURES), imported.architecture());
    assertArrayEquals(
        binomial.coefficients().toArray(), imported.weights().get("coefficients").toDoubleVector());
    assertEquals(binomial.intercept(), imported.weights().get("intercept").getDouble(0));
    assertSame(binomial, imported.model());
    assertSame(binomial, imported.source());
    assertFalse(imported.isPipeline());
    assertEquals("x", imported.featuresCol());
    assertEquals("label", imported.labelCol());
    assertTrue(imported.fitIntercept());
    assertEquals(List.of(), imported.frozenBlocks());
    score(binomial, binary).assertEngineAgrees(imported, imported.weights(), "binomial");
  }

  @Test
  void importsAMultinomialModelAsSoftmaxRegression() {
    ImportedModel imported = MllibModelCodec.importModel(multinomial);

    assertEquals(
        Architecture.softmaxRegression(SyntheticRows.FEATURES, 3), imported.architecture());
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < SyntheticRows.FEATURES; c++) {
        assertEquals(
            multinomial.coefficientMatrix().apply(r, c),
            imported.weights().get("coefficients").getDouble(r, c));
      }
    }
    assertArrayEquals(
        multinomial.interceptVector().toArray(),
        imported.weights().get("intercepts").toDoubleVector());
    score(multinomial, threeClasses)
        .assertEngineAgrees(imported, imported.weights(), "multinomial");
  }

  @Test
  void importsABinaryModelTrainedAsMultinomialAsSoftmaxWithTwoClasses() {
    assertEquals(2, binaryAsMultinomial.numClasses());
    assertEquals(2, binaryAsMultinomial.coefficientMatrix().numRows());

    ImportedModel imported = MllibModelCodec.importModel(binaryAsMultinomial);

    assertEquals(
        Architecture.softmaxRegression(SyntheticRows.FEATURES, 2), imported.architecture());
    score(binaryAsMultinomial, binary)
        .assertEngineAgrees(imported, imported.weights(), "multinomial k=2");
  }

  @Test
  void exportingTheSameWeightsReproducesEveryModelExactly() {
    for (LogisticRegressionModel original : List.of(binomial, multinomial, binaryAsMultinomial)) {
      Dataset<Row> rows = original == multinomial ? threeClasses : binary;
      ImportedModel imported = MllibModelCodec.importModel(original);

      Model<?> exported = MllibModelCodec.export(imported, imported.weights());

      LogisticRegressionModel lr = assertInstanceOf(LogisticRegressionModel.class, exported);
      Scored.assertSameParams(original, lr);
      assertEquals(original.numClasses(), lr.numClasses());
      score(original, rows).assertIdentical(score(lr, rows), original.uid());
    }
  }

  @Test
  void exportKeepsANonDefaultThresholdAndColumns() {
    LogisticRegressionModel tuned = binomial.copy(ParamMap.empty()).setThreshold(0.3);
    ImportedModel imported = MllibModelCodec.importModel(tuned);

    LogisticRegressionModel exported =
        (LogisticRegressionModel) MllibModelCodec.export(imported, imported.weights());

    assertEquals(0.3, exported.getThreshold());
    assertEquals("yhat", exported.getPredictionCol());
    assertEquals("p", exported.getProbabilityCol());
    assertEquals("x", exported.getFeaturesCol());
    Scored.assertSameParams(tuned, exported);
    Scored expected = score(tuned, binary);
    expected.assertIdentical(score(exported, binary), "threshold 0.3");
    assertTrue(
        expected.predictionsDifferingFrom(score(binomial, binary)) > 0,
        "the threshold changes some predictions, so keeping it is observable");
  }

  @Test
  void exportingChangedWeightsGivesTheEnginesPredictions() {
    for (LogisticRegressionModel original : List.of(binomial, multinomial, binaryAsMultinomial)) {
      Dataset<Row> rows = original == multinomial ? threeClasses : binary;
      ImportedModel imported = MllibModelCodec.importModel(original);
      ParameterBlocks halved = imported.weights().scaled(0.5);

      Model<?> exported = MllibModelCodec.export(imported, halved);

      Scored after = score(exported, rows);
      after.assertEngineAgrees(imported, halved, original.uid() + " halved");
      assertNotEquals(score(original, rows).probabilities()[0], after.probabilities()[0]);
      Scored.assertSameParams(original, (LogisticRegressionModel) exported);
    }
  }

  @Test
  void exportedModelsSurviveSaveAndMllibLoad(@TempDir Path dir) throws Exception {
    for (LogisticRegressionModel original : List.of(binomial, multinomial, binaryAsMultinomial)) {
      Dataset<Row> rows = original == multinomial ? threeClasses : binary;
      ImportedModel imported = MllibModelCodec.importModel(original);
      Model<?> exported = MllibModelCodec.export(imported, imported.weights().scaled(0.5));
      String path = dir.resolve(original.uid()).toString();

      MllibModelStore.save(exported, path, false);
      LogisticRegressionModel loaded = LogisticRegressionModel.load(path);
      Model<?> detected = MllibModelStore.load(spark, path);

      Scored expected = score(exported, rows);
      expected.assertIdentical(score(loaded, rows), "LogisticRegressionModel.load");
      expected.assertIdentical(score(detected, rows), "MllibModelStore.load");
      Scored.assertSameParams(exported, loaded);
      assertEquals(
          LogisticRegressionModel.class.getName(), MllibModelStore.savedClassName(spark, path));
    }
  }

  @Test
  void aModelWithoutInterceptKeepsItsInterceptFrozen() {
    LogisticRegressionModel noIntercept =
        new LogisticRegression().setFeaturesCol("x").setFitIntercept(false).fit(binary);
    ImportedModel imported = MllibModelCodec.importModel(noIntercept);
    assertFalse(imported.fitIntercept());
    assertEquals(List.of("intercept"), imported.frozenBlocks());
    assertEquals(0.0, imported.weights().get("intercept").getDouble(0));

    LogisticRegressionModel halved =
        (LogisticRegressionModel) MllibModelCodec.export(imported, imported.weights().scaled(0.5));
    assertEquals(0.0, halved.intercept());
    assertFalse(halved.getFitIntercept());

    ParameterBlocks moved = imported.weights().copy();
    moved.get("intercept").putScalar(0, 0.25);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MllibModelCodec.export(imported, moved));
    assertTrue(
        e.getMessage().contains("'intercept'")
            && e.getMessage().contains("fitIntercept=false")
            && e.getMessage().contains("0.25"),
        e.getMessage());

    imported
        .weights()
        .get("intercept")
        .putScalar(0, 0.25); // updated in place, as an unlearning loop might
    assertThrows(
        IllegalArgumentException.class, () -> MllibModelCodec.export(imported, imported.weights()));
    assertEquals(
        0.0, noIntercept.intercept(), "the MLlib model does not share the imported arrays");
  }

  @Test
  void aMultinomialModelWithoutInterceptFreezesItsIntercepts() {
    LogisticRegressionModel noIntercept =
        new LogisticRegression().setFeaturesCol("x").setFitIntercept(false).fit(threeClasses);
    ImportedModel imported = MllibModelCodec.importModel(noIntercept);
    assertEquals(List.of("intercepts"), imported.frozenBlocks());
    score(noIntercept, threeClasses)
        .assertEngineAgrees(imported, imported.weights(), "multinomial, no intercept");
  }
}
