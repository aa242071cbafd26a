package ai.hamu.spark.mllib;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Seeded synthetic training sets for MLlib: Gaussian features and labels from a fixed noisy linear
 * rule, so the classes overlap and fitted weights stay finite without regularisation.
 */
final class SyntheticRows {

  static final int ROWS = 300;
  static final int FEATURES = 4;

  private SyntheticRows() {}

  /** Columns {@code featuresCol} (vector) and {@code label} (class index in [0, classes)). */
  static Dataset<Row> classification(
      SparkSession spark, String featuresCol, int classes, long seed) {
    Random random = new Random(seed);
    double[][] directions = new double[classes][FEATURES];
    for (double[] direction : directions) {
      for (int j = 0; j < FEATURES; j++) {
        direction[j] = random.nextGaussian();
      }
    }
    List<Row> rows = new ArrayList<>(ROWS);
    for (int i = 0; i < ROWS; i++) {
      double[] x = features(random);
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < classes; k++) {
        double score = dot(directions[k], x) + 0.8 * random.nextGaussian();
        if (score > bestScore) {
          bestScore = score;
          best = k;
        }
      }
      rows.add(RowFactory.create(Vectors.dense(x), (double) best));
    }
    return spark.createDataFrame(rows, schema(featuresCol));
  }

  /** Columns {@code featuresCol} and {@code label} = w·x + 0.7 + noise. */
  static Dataset<Row> regression(SparkSession spark, String featuresCol, long seed) {
    Random random = new Random(seed);
    double[] w = {1.5, -2.0, 0.25, 3.0};
    List<Row> rows = new ArrayList<>(ROWS);
    for (int i = 0; i < ROWS; i++) {
      double[] x = features(random);
      double noise =
          random.nextDouble() < 0.05 ? 6 * random.nextGaussian() : 0.3 * random.nextGaussian();
      rows.add(RowFactory.create(Vectors.dense(x), dot(w, x) + 0.7 + noise));
    }
    return spark.createDataFrame(rows, schema(featuresCol));
  }

  /**
   * Raw double columns {@code a, b, c, d} on different scales and offsets, and a binary {@code
   * label}, for pipelines that assemble and scale features themselves.
   */
  static Dataset<Row> rawColumns(SparkSession spark, long seed) {
    Random random = new Random(seed);
    double[] scales = {1, 10, 0.1, 100};
    double[] offsets = {0, 5, -1, 50};
    double[] w = {1.0, -0.7, 1.3, 0.4};
    List<Row> rows = new ArrayList<>(ROWS);
    for (int i = 0; i < ROWS; i++) {
      double[] z = features(random);
      Object[] values = new Object[FEATURES + 1];
      for (int j = 0; j < FEATURES; j++) {
        values[j] = offsets[j] + scales[j] * z[j];
      }
      values[FEATURES] = dot(w, z) + 0.8 * random.nextGaussian() > 0 ? 1.0 : 0.0;
      rows.add(RowFactory.create(values));
    }
    StructType schema =
        new StructType()
            .add("a", DataTypes.DoubleType, false)
            .add("b", DataTypes.DoubleType, false)
            .add("c", DataTypes.DoubleType, false)
            .add("d", DataTypes.DoubleType, false)
            .add("label", DataTypes.DoubleType, false);
    return spark.createDataFrame(rows, schema);
  }

  private static StructType schema(String featuresCol) {
    return new StructType()
        .add(featuresCol, SQLDataTypes.VectorType(), false)
        .add("label", DataTypes.DoubleType, false);
  }

  private static double[] features(Random random) {
    double[] x = new double[FEATURES];
    for (int j = 0; j < FEATURES; j++) {
      x[j] = random.nextGaussian();
    }
    return x;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }
}
