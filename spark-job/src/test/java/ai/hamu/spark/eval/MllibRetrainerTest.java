package ai.hamu.spark.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.spark.mllib.ImportedModel;
import ai.hamu.spark.mllib.MllibModelCodec;
import ai.hamu.spark.testing.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MLlib retrain reference equals fitting the same MLlib estimator, configured by hand with the
 * original's settings, on the retain rows directly (through the original's fitted feature stages).
 */
class MllibRetrainerTest {

  private static final String[] COLUMNS = {"a", "b", "c", "d"};
  private static SparkSession spark;
  private static Dataset<Row> data;

  @BeforeAll
  static void rows() {
    spark = LocalSpark.get();
    Random random = new Random(12);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      int label = random.nextInt(3);
      Object[] v = new Object[2 + COLUMNS.length];
      v[0] = i;
      v[1] = (double) label;
      for (int j = 0; j < COLUMNS.length; j++) {
        v[2 + j] = 3 * random.nextGaussian() + (j == label ? 4 : 0) + 10;
      }
      rows.add(RowFactory.create(v));
    }
    StructType schema =
        new StructType().add("id", DataTypes.IntegerType).add("label", DataTypes.DoubleType);
    for (String c : COLUMNS) {
      schema = schema.add(c, DataTypes.DoubleType);
    }
    data = spark.createDataFrame(rows, schema).repartition(2).cache();
  }

  @Test
  void aPipelineIsRefittedWithItsEstimatorParamsOnItsFittedFeatureStages() {
    PipelineModel original =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  new VectorAssembler().setInputCols(COLUMNS).setOutputCol("raw"),
                  new StandardScaler().setInputCol("raw").setOutputCol("scaled").setWithMean(true),
                  new LogisticRegression()
                      .setFeaturesCol("scaled")
                      .setRegParam(0.05)
                      .setMaxIter(25)
                      .setTol(1e-9)
                })
            .fit(data);
    Dataset<Row> retain = data.filter("id % 7 != 0");
    ImportedModel retrained =
        MllibRetrainer.retrain(MllibModelCodec.importModel(original), retain, "label");

    Transformer[] stages = original.stages();
    Dataset<Row> scaled = stages[1].transform(stages[0].transform(retain));
    Transformer direct =
        new LogisticRegression()
            .setFeaturesCol("scaled")
            .setRegParam(0.05)
            .setMaxIter(25)
            .setTol(1e-9)
            .fit(scaled);
    double[] expected = MllibModelCodec.importModel(direct).weights().toFlatArray();
    assertArrayEquals(expected, retrained.weights().toFlatArray(), 1e-9);
    double[] before = MllibModelCodec.importModel(original).weights().toFlatArray();
    double moved = 0;
    for (int i = 0; i < before.length; i++) {
      moved = Math.max(moved, Math.abs(before[i] - expected[i]));
    }
    assertTrue(
        moved > 1e-4, "retraining without a seventh of the rows changes the model: " + moved);
    assertEquals(3, ((PipelineModel) retrained.source()).stages().length);
  }

  @Test
  void aPerceptronKeepsItsLayersSeedAndIterations() {
    Dataset<Row> features =
        new VectorAssembler().setInputCols(COLUMNS).setOutputCol("features").transform(data);
    MultilayerPerceptronClassificationModel original =
        new MultilayerPerceptronClassifier()
            .setLayers(new int[] {4, 5, 3})
            .setSeed(21)
            .setMaxIter(30)
            .setBlockSize(16)
            .fit(features);
    Dataset<Row> retain = features.filter("id % 5 != 0");
    ImportedModel retrained =
        MllibRetrainer.retrain(MllibModelCodec.importModel(original), retain, "label");
    MultilayerPerceptronClassificationModel direct =
        new MultilayerPerceptronClassifier()
            .setLayers(new int[] {4, 5, 3})
            .setSeed(21)
            .setMaxIter(30)
            .setBlockSize(16)
            .fit(retain);
    assertArrayEquals(
        direct.weights().toArray(),
        ((MultilayerPerceptronClassificationModel) retrained.model()).weights().toArray(),
        1e-9);
  }
}
