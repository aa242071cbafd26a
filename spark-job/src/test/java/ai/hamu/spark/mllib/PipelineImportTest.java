package ai.hamu.spark.mllib;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.spark.testing.LocalSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fitted {@code PipelineModel} (VectorAssembler, StandardScaler, LogisticRegression) through
 * import and export.
 */
class PipelineImportTest {

  private static SparkSession spark;
  private static Dataset<Row> raw;
  private static PipelineModel pipeline;

  @BeforeAll
  static void train() {
    spark = LocalSpark.get();
    raw = SyntheticRows.rawColumns(spark, 41).cache();
    VectorAssembler assembler =
        new VectorAssembler()
            .setInputCols(new String[] {"a", "b", "c", "d"})
            .setOutputCol("assembled");
    StandardScaler scaler =
        new StandardScaler().setInputCol("assembled").setOutputCol("scaled").setWithMean(true);
    LogisticRegression lr = new LogisticRegression().setFeaturesCol("scaled").setThreshold(0.45);
    pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, scaler, lr}).fit(raw);
  }

  private static Scored score(PipelineModel model) {
    LogisticRegressionModel last =
        (LogisticRegressionModel) model.stages()[model.stages().length - 1];
    return Scored.of(
        model, raw, last.getFeaturesCol(), last.getProbabilityCol(), last.getPredictionCol());
  }

  /**
   * The pipeline's logistic regression has threshold 0.45; the engine predicts with MLlib's default
   * rule P(1) > 0.5. This scores {@code model} with that default instead, on rows that already hold
   * its features column.
   */
  private static Scored scoreAtHalf(Transformer model, Dataset<Row> input) {
    LogisticRegressionModel atHalf =
        ((LogisticRegressionModel) model).copy(ParamMap.empty()).setThreshold(0.5);
    return Scored.of(
        atHalf,
        input,
        atHalf.getFeaturesCol(),
        atHalf.getProbabilityCol(),
        atHalf.getPredictionCol());
  }

  @Test
  void importsTheLastStageAndKeepsThePrefixToBuildItsFeatures() {
    ImportedModel imported = MllibModelCodec.importModel(pipeline);

    assertTrue(imported.isPipeline());
    assertSame(pipeline, imported.source());
    assertSame(pipeline.stages()[2], imported.model());
    assertEquals(List.of(pipeline.stages()[0], pipeline.stages()[1]), imported.prefixStages());
    assertEquals("scaled", imported.featuresCol());
    assertEquals(
        Architecture.binaryLogisticRegression(SyntheticRows.FEATURES), imported.architecture());

    Dataset<Row> input = imported.toModelInput(raw);
    assertTrue(
        List.of(input.columns()).contains("scaled"), "prefix stages produce the features column");
    Scored viaPrefix = Scored.of(imported.model(), input, "scaled", "probability", "prediction");
    score(pipeline).assertIdentical(viaPrefix, "prefix then model vs whole pipeline");
    scoreAtHalf(imported.model(), input)
        .assertEngineAgrees(imported, imported.weights(), "pipeline's last stage");
  }

  @Test
  void exportingTheSameWeightsReproducesThePipelineExactly() {
    ImportedModel imported = MllibModelCodec.importModel(pipeline);

    PipelineModel exported =
        assertInstanceOf(PipelineModel.class, MllibModelCodec.export(imported, imported.weights()));

    assertEquals(pipeline.uid(), exported.uid());
    assertEquals(3, exported.stages().length);
    assertSame(pipeline.stages()[0], exported.stages()[0]);
    assertSame(pipeline.stages()[1], exported.stages()[1]);
    assertNotSame(pipeline.stages()[2], exported.stages()[2]);
    Scored.assertSameParams(pipeline.stages()[2], exported.stages()[2]);
    assertEquals(0.45, ((LogisticRegressionModel) exported.stages()[2]).getThreshold());
    score(pipeline).assertIdentical(score(exported), "same weights");
  }

  @Test
  void exportingChangedWeightsUpdatesOnlyTheLastStage() {
    ImportedModel imported = MllibModelCodec.importModel(pipeline);
    ParameterBlocks halved = imported.weights().scaled(0.5);

    PipelineModel exported = (PipelineModel) MllibModelCodec.export(imported, halved);

    Scored after = score(exported);
    assertNotEquals(score(pipeline).probabilities()[0], after.probabilities()[0]);
    Scored lastStage = scoreAtHalf(exported.stages()[2], imported.toModelInput(raw));
    lastStage.assertEngineAgrees(imported, halved, "halved");
    assertArrayEquals(
        lastStage.probabilities(),
        after.probabilities(),
        "the pipeline outputs its last stage's output");
  }

  @Test
  void exportedPipelineSurvivesSaveAndPipelineModelLoad(@TempDir Path dir) throws Exception {
    ImportedModel imported = MllibModelCodec.importModel(pipeline);
    Model<?> exported = MllibModelCodec.export(imported, imported.weights().scaled(0.5));
    String path = dir.resolve("pipeline").toString();

    MllibModelStore.save(exported, path, false);
    PipelineModel loaded = PipelineModel.load(path);
    PipelineModel detected =
        assertInstanceOf(PipelineModel.class, MllibModelStore.load(spark, path));

    assertEquals(PipelineModel.class.getName(), MllibModelStore.savedClassName(spark, path));
    assertEquals(pipeline.uid(), loaded.uid());
    assertInstanceOf(VectorAssembler.class, loaded.stages()[0]);
    assertInstanceOf(StandardScalerModel.class, loaded.stages()[1]);
    assertEquals(
        ((StandardScalerModel) pipeline.stages()[1]).mean(),
        ((StandardScalerModel) loaded.stages()[1]).mean());
    score((PipelineModel) exported).assertIdentical(score(loaded), "PipelineModel.load");
    score((PipelineModel) exported).assertIdentical(score(detected), "MllibModelStore.load");

    ImportedModel reimported = MllibModelCodec.importModel(loaded);
    assertAllClose(
        reimported.weights(), imported.weights().scaled(0.5), 0, 0, "weights after save and load");
  }
}
