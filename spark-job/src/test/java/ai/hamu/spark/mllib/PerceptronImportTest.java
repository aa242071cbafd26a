package ai.hamu.spark.mllib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.Activation;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.spark.testing.LocalSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code MultilayerPerceptronClassificationModel}s through import and export. The flat weight
 * vector's layout (per layer: the {@code [out x in]} matrix column-major, then the biases) is
 * checked index by index on a hand-built model, and by predictions on a model MLlib trained.
 */
class PerceptronImportTest {

  private static final int[] LAYERS = {SyntheticRows.FEATURES, 6, 5, 3};

  private static SparkSession spark;
  private static Dataset<Row> rows;
  private static MultilayerPerceptronClassificationModel trained;

  @BeforeAll
  static void train() {
    spark = LocalSpark.get();
    rows = SyntheticRows.classification(spark, "features", 3, 31).cache();
    trained =
        new MultilayerPerceptronClassifier()
            .setLayers(LAYERS)
            .setMaxIter(100)
            .setSeed(5)
            .setProbabilityCol("prob")
            .fit(rows);
  }

  private static Scored score(Model<?> model, Dataset<Row> data) {
    MultilayerPerceptronClassificationModel mlp = (MultilayerPerceptronClassificationModel) model;
    return Scored.of(
        mlp, data, mlp.getFeaturesCol(), mlp.getProbabilityCol(), mlp.getPredictionCol());
  }

  @Test
  void readsTheFlatWeightVectorAsColumnMajorMatricesEachFollowedByItsBiases() {
    double[] packed = new double[2 * 3 + 3 + 3 * 2 + 2];
    for (int i = 0; i < packed.length; i++) {
      packed[i] = 0.1 * (i + 1);
    }
    MultilayerPerceptronClassificationModel handBuilt =
        new MultilayerPerceptronClassificationModel("mlp_layout", Vectors.dense(packed));
    handBuilt.set(handBuilt.layers(), new int[] {2, 3, 2});

    ParameterBlocks w = MllibModelCodec.importModel(handBuilt).weights();

    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 2; c++) {
        assertEquals(
            packed[c * 3 + r],
            w.get("layer0.weight").getDouble(r, c),
            "layer0.weight[" + r + "][" + c + "]");
      }
      assertEquals(packed[6 + r], w.get("layer0.bias").getDouble(r), "layer0.bias[" + r + "]");
    }
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 3; c++) {
        assertEquals(
            packed[9 + c * 2 + r],
            w.get("layer1.weight").getDouble(r, c),
            "layer1.weight[" + r + "][" + c + "]");
      }
      assertEquals(packed[15 + r], w.get("layer1.bias").getDouble(r), "layer1.bias[" + r + "]");
    }
    MultilayerPerceptronClassificationModel back =
        (MultilayerPerceptronClassificationModel)
            MllibModelCodec.export(MllibModelCodec.importModel(handBuilt), w);
    assertArrayEquals(packed, back.weights().toArray(), "export packs the same layout");
  }

  @Test
  void importsATrainedModelAndMatchesMllibProbabilitiesAndPredictions() {
    ImportedModel imported = MllibModelCodec.importModel(trained);

    assertEquals(
        Architecture.multilayerPerceptron(
            List.of(4, 6, 5, 3), List.of(Activation.SIGMOID, Activation.SIGMOID)),
        imported.architecture());
    assertEquals(
        List.of(
            "layer0.weight",
            "layer0.bias",
            "layer1.weight",
            "layer1.bias",
            "layer2.weight",
            "layer2.bias"),
        imported.weights().names());
    assertTrue(imported.fitIntercept());
    assertEquals(List.of(), imported.frozenBlocks());
    assertEquals(trained.weights().size(), imported.weights().parameterCount());
    score(trained, rows).assertEngineAgrees(imported, imported.weights(), "trained MLP");
  }

  @Test
  void matchesMllibOnRowsFarFromTheTrainingData() {
    Random random = new Random(32);
    List<Row> wide = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      double[] x = new double[SyntheticRows.FEATURES];
      for (int j = 0; j < x.length; j++) {
        x[j] = 6 * random.nextGaussian();
      }
      wide.add(RowFactory.create(Vectors.dense(x), 0.0));
    }
    Dataset<Row> far = spark.createDataFrame(wide, rows.schema());
    ImportedModel imported = MllibModelCodec.importModel(trained);

    score(trained, far)
        .assertEngineAgrees(imported, imported.weights(), "trained MLP, wide inputs");
  }

  @Test
  void exportingTheSameWeightsReproducesTheModelExactly() {
    ImportedModel imported = MllibModelCodec.importModel(trained);

    MultilayerPerceptronClassificationModel exported =
        assertInstanceOf(
            MultilayerPerceptronClassificationModel.class,
            MllibModelCodec.export(imported, imported.weights()));

    assertArrayEquals(trained.weights().toArray(), exported.weights().toArray());
    assertArrayEquals(LAYERS, exported.getLayers());
    assertEquals("prob", exported.getProbabilityCol());
    Scored.assertSameParams(trained, exported);
    score(trained, rows).assertIdentical(score(exported, rows), "same weights");
  }

  @Test
  void exportingChangedWeightsGivesTheEnginesPredictions() {
    ImportedModel imported = MllibModelCodec.importModel(trained);
    ParameterBlocks halved = imported.weights().scaled(0.5);

    Model<?> exported = MllibModelCodec.export(imported, halved);

    Scored after = score(exported, rows);
    after.assertEngineAgrees(imported, halved, "halved");
    assertNotEquals(score(trained, rows).probabilities()[0], after.probabilities()[0]);
  }

  @Test
  void exportedModelSurvivesSaveAndMllibLoad(@TempDir Path dir) throws Exception {
    ImportedModel imported = MllibModelCodec.importModel(trained);
    Model<?> exported = MllibModelCodec.export(imported, imported.weights().scaled(0.5));
    String path = dir.resolve("mlp").toString();

    MllibModelStore.save(exported, path, false);
    MultilayerPerceptronClassificationModel loaded =
        MultilayerPerceptronClassificationModel.load(path);
    Model<?> detected = MllibModelStore.load(spark, path);

    score(exported, rows)
        .assertIdentical(score(loaded, rows), "MultilayerPerceptronClassificationModel.load");
    score(exported, rows).assertIdentical(score(detected, rows), "MllibModelStore.load");
    Scored.assertSameParams(exported, loaded);
  }

  @Test
  void refusesWeightsOfAnotherLayoutOrNonFiniteValues() {
    ImportedModel imported = MllibModelCodec.importModel(trained);
    ImportedModel other =
        MllibModelCodec.importModel(
            new MultilayerPerceptronClassifier()
                .setLayers(new int[] {SyntheticRows.FEATURES, 3, 3})
                .setMaxIter(1)
                .setSeed(1)
                .fit(rows));

    IllegalArgumentException layout =
        assertThrows(
            IllegalArgumentException.class,
            () -> MllibModelCodec.export(imported, other.weights()));
    assertTrue(
        layout.getMessage().contains(trained.uid())
            && layout.getMessage().contains("expected blocks"),
        layout.getMessage());

    ParameterBlocks broken = imported.weights().copy();
    broken.get("layer1.bias").putScalar(2, Double.NaN);
    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class, () -> MllibModelCodec.export(imported, broken));
    assertTrue(
        nan.getMessage().contains("'layer1.bias' element 2") && nan.getMessage().contains("NaN"),
        nan.getMessage());
  }
}
