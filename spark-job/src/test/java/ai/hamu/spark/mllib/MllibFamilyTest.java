package ai.hamu.spark.mllib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.hamu.spark.testing.LocalSpark;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry of MLlib families is the one list the codec, the store and the retrainer use: for
 * every family, its estimator fits a model of its class, the registry maps that model back to it,
 * the store loads what MLlib saved, and the codec's import and export give back a model whose
 * predictions are MLlib's own (compared with the original model's {@code transform}).
 */
class MllibFamilyTest {

  @Test
  void everyFamilyFitsLoadsAndRoundTripsItsOwnModels(@TempDir Path dir) throws Exception {
    SparkSession spark = LocalSpark.get();
    Dataset<Row> classes = SyntheticRows.classification(spark, "features", 3, 61).cache();
    Dataset<Row> values = SyntheticRows.regression(spark, "features", 62).cache();
    Set<Class<?>> seen = new HashSet<>();
    for (MllibFamily<?> family : MllibFamily.ALL) {
      Predictor<?, ?, ?> estimator = family.newEstimator();
      if (estimator instanceof MultilayerPerceptronClassifier mlp) {
        mlp.setLayers(new int[] {SyntheticRows.FEATURES, 5, 3}).setMaxIter(20).setSeed(1);
      }
      Dataset<Row> rows =
          family.modelClass().getSimpleName().startsWith("LinearRegression") ? values : classes;
      Model<?> fitted = estimator.fit(rows);
      assertInstanceOf(family.modelClass(), fitted);
      assertSame(family, MllibFamily.of(fitted).orElseThrow(), family.modelClass().getSimpleName());

      Path saved = dir.resolve(family.modelClass().getSimpleName());
      MllibModelStore.save(fitted, saved.toString(), false);
      Model<?> loaded = MllibModelStore.load(spark, saved.toString());
      assertInstanceOf(family.modelClass(), loaded);

      ImportedModel imported = MllibModelCodec.importModel(loaded);
      Model<?> exported = MllibModelCodec.export(imported, imported.weights());
      assertInstanceOf(family.modelClass(), exported);
      assertArrayEquals(
          predictions(fitted, rows),
          predictions(exported, rows),
          1e-12,
          family.modelClass().getSimpleName()
              + ": the exported model predicts as MLlib's fitted one");
      seen.add(family.modelClass());
    }
    assertEquals(MllibFamily.ALL.size(), seen.size(), "one family per model class");
    assertEquals(
        List.of(
            "LogisticRegressionModel",
            "LinearRegressionModel",
            "MultilayerPerceptronClassificationModel"),
        MllibFamily.ALL.stream().map(f -> f.modelClass().getSimpleName()).toList());
  }

  private static double[] predictions(Model<?> model, Dataset<Row> rows) {
    String column = ((PredictionModel<?, ?>) model).getPredictionCol();
    return model.transform(rows).select(column).collectAsList().stream()
        .mapToDouble(r -> r.getDouble(0))
        .toArray();
  }
}
