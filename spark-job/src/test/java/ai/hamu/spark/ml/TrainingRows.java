package ai.hamu.spark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.spark.mllib.ImportedModel;
import ai.hamu.spark.testing.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded training rows for the estimator tests, and checks of what a model predicts. */
final class TrainingRows {

  static final int ROWS = 300;
  static final int CLASSES = 3;
  static final String[] COLUMNS = {"x1", "x2", "x3", "x4"};

  /** Every tenth row: 30 rows to forget. */
  static final String FORGET = "id % 10 = 0";

  private static Dataset<Row> cachedRaw;
  private static Dataset<Row> cachedData;
  private static LogisticRegressionModel cachedLogistic;

  private TrainingRows() {}

  /** The raw rows of seed 7, cached and shared by the test classes. */
  static synchronized Dataset<Row> raw() {
    if (cachedRaw == null) {
      cachedRaw = raw(LocalSpark.get(), 7).cache();
    }
    return cachedRaw;
  }

  /** {@link #raw()} with the {@code features} vector, cached and shared. */
  static synchronized Dataset<Row> data() {
    if (cachedData == null) {
      cachedData = withFeatures(raw()).cache();
    }
    return cachedData;
  }

  /** A multinomial logistic regression (no regularisation) fitted on {@link #data()}, shared. */
  static synchronized LogisticRegressionModel logistic() {
    if (cachedLogistic == null) {
      cachedLogistic =
          new LogisticRegression()
              .setFamily("multinomial")
              .setRegParam(0.0)
              .setMaxIter(100)
              .fit(data());
    }
    return cachedLogistic;
  }

  /**
   * Columns {@code id} (long), {@code x1..x4} (double, on different scales) and {@code label}
   * (class 0..2 from a noisy linear rule, so the classes overlap and MLlib's fits stay finite).
   */
  static Dataset<Row> raw(SparkSession spark, long seed) {
    Random random = new Random(seed);
    double[][] directions = new double[CLASSES][COLUMNS.length];
    for (double[] d : directions) {
      for (int j = 0; j < d.length; j++) {
        d[j] = random.nextGaussian();
      }
    }
    double[] scales = {1, 3, 0.5, 2};
    List<Row> rows = new ArrayList<>(ROWS);
    for (int i = 0; i < ROWS; i++) {
      double[] z = new double[COLUMNS.length];
      for (int j = 0; j < z.length; j++) {
        z[j] = random.nextGaussian();
      }
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < CLASSES; k++) {
        double score = 0.8 * random.nextGaussian();
        for (int j = 0; j < z.length; j++) {
          score += directions[k][j] * z[j];
        }
        if (score > bestScore) {
          bestScore = score;
          best = k;
        }
      }
      rows.add(
          RowFactory.create(
              (long) i,
              scales[0] * z[0],
              scales[1] * z[1],
              scales[2] * z[2],
              scales[3] * z[3],
              (double) best));
    }
    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType, false)
            .add("x1", DataTypes.DoubleType, false)
            .add("x2", DataTypes.DoubleType, false)
            .add("x3", DataTypes.DoubleType, false)
            .add("x4", DataTypes.DoubleType, false)
            .add("label", DataTypes.DoubleType, false);
    return spark.createDataFrame(rows, schema);
  }

  /** The rows with {@code x1..x4} assembled into a {@code features} vector. */
  static Dataset<Row> withFeatures(Dataset<Row> raw) {
    return assembler().transform(raw);
  }

  static VectorAssembler assembler() {
    return new VectorAssembler().setInputCols(COLUMNS).setOutputCol("features");
  }

  /**
   * Predictions of {@code model} on {@code data}, in row order, with the features vectors they came
   * from.
   */
  record Predicted(double[][] features, double[] predictions, double[][] probabilities) {

    static Predicted of(Transformer model, Dataset<Row> data) {
      List<Row> rows =
          model.transform(data).select("features", "prediction", "probability").collectAsList();
      double[][] x = new double[rows.size()][];
      double[] p = new double[rows.size()];
      double[][] prob = new double[rows.size()][];
      for (int i = 0; i < rows.size(); i++) {
        x[i] = ((Vector) rows.get(i).get(0)).toArray();
        p[i] = rows.get(i).getDouble(1);
        prob[i] = ((Vector) rows.get(i).get(2)).toArray();
      }
      return new Predicted(x, p, prob);
    }

    /** Checks that the engine, with {@code weights}, predicts exactly these classes. */
    void assertEnginePredicts(ImportedModel imported, ParameterBlocks weights, String what) {
      int n = features.length;
      int d = features[0].length;
      double[] flat = new double[n * d];
      for (int i = 0; i < n; i++) {
        System.arraycopy(features[i], 0, flat, i * d, d);
      }
      double[] engine =
          new FeedForwardModel(imported.architecture())
              .predict(weights, Nd4j.create(flat, new long[] {n, d}, DataType.DOUBLE))
              .toDoubleVector();
      assertArrayEquals(
          engine, predictions, what + ": MLlib predictions vs the engine's with the run's weights");
    }

    /** Checks that {@code other} predicted exactly the same, probabilities included. */
    void assertIdentical(Predicted other, String what) {
      assertArrayEquals(predictions, other.predictions, what + ": predictions");
      for (int i = 0; i < probabilities.length; i++) {
        assertArrayEquals(
            probabilities[i], other.probabilities[i], what + ": probabilities of row " + i);
      }
    }
  }

  /**
   * Checks that {@code actual} has {@code expected}'s class, uid and every param with the same
   * value and status.
   */
  static void assertSameParams(Params expected, Params actual) {
    assertTrue(expected.getClass() == actual.getClass(), "class " + actual.getClass());
    assertTrue(expected.uid().equals(actual.uid()), "uid " + actual.uid());
    for (Param<?> param : expected.params()) {
      Param<?> other = actual.getParam(param.name());
      assertTrue(expected.isSet(param) == actual.isSet(other), "isSet(" + param.name() + ")");
      assertTrue(
          expected.isDefined(param) == actual.isDefined(other), "isDefined(" + param.name() + ")");
      if (expected.isDefined(param)) {
        Object want = expected.getOrDefault(param);
        Object got = actual.getOrDefault(other);
        assertTrue(
            Objects.deepEquals(want, got), param.name() + ": expected " + want + ", got " + got);
      }
    }
  }
}
