package ai.hamu.spark.mllib;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ModelType;
import ai.hamu.core.model.ParameterBlocks;
import java.util.List;
import java.util.Objects;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What an MLlib model's {@code transform} produced, collected on the driver row by row: the feature
 * vectors it saw, its probability vectors (classifiers) and its predictions, in one row order.
 *
 * @param features {@code [n x d]}
 * @param probabilities row-major {@code n x k} values, or {@code null} for regression
 * @param predictions one per row
 */
record Scored(INDArray features, double[] probabilities, double[] predictions) {

  /** Relative tolerance between MLlib's and the engine's arithmetic. */
  static final double RTOL = 1e-12;

  /**
   * Absolute slack for probabilities: MLlib and the engine both form P(0) = 1 − P(1), which loses
   * relative precision when P(1) is near 1; one rounding of P(1) moves P(0) by about 1e-16.
   */
  static final double PROBABILITY_ATOL = 1e-15;

  /**
   * Runs {@code model} over {@code rows} and collects the named columns ({@code probabilityCol} may
   * be null).
   */
  static Scored of(
      Transformer model,
      Dataset<Row> rows,
      String featuresCol,
      String probabilityCol,
      String predictionCol) {
    Dataset<Row> out = model.transform(rows);
    List<Row> collected =
        probabilityCol == null
            ? out.select(featuresCol, predictionCol).collectAsList()
            : out.select(featuresCol, probabilityCol, predictionCol).collectAsList();
    int n = collected.size();
    int d = ((Vector) collected.get(0).get(0)).size();
    double[] x = new double[n * d];
    double[] predictions = new double[n];
    double[] probabilities = null;
    for (int i = 0; i < n; i++) {
      Row row = collected.get(i);
      System.arraycopy(((Vector) row.get(0)).toArray(), 0, x, i * d, d);
      if (probabilityCol != null) {
        double[] p = ((Vector) row.get(1)).toArray();
        if (probabilities == null) {
          probabilities = new double[n * p.length];
        }
        System.arraycopy(p, 0, probabilities, i * p.length, p.length);
      }
      predictions[i] = row.getDouble(row.size() - 1);
    }
    return new Scored(
        Nd4j.create(x, new long[] {n, d}, DataType.DOUBLE), probabilities, predictions);
  }

  /**
   * Checks that the engine, given {@code weights} for {@code imported}'s architecture, computes
   * these probabilities (relative 1e-12) and predictions (exactly; within 1e-12 for regression).
   */
  void assertEngineAgrees(ImportedModel imported, ParameterBlocks weights, String what) {
    FeedForwardModel engine = new FeedForwardModel(imported.architecture());
    double[] outputs = engine.outputs(weights, features).dup('c').data().asDouble();
    double[] predicted = engine.predict(weights, features).toDoubleVector();
    if (imported.architecture().type() == ModelType.LINEAR_REGRESSION) {
      assertAllClose(
          outputs, predictions, RTOL, RTOL, what + ": engine outputs vs MLlib predictions");
      assertAllClose(
          predicted, predictions, RTOL, RTOL, what + ": engine predict vs MLlib predictions");
    } else {
      assertAllClose(
          outputs,
          probabilities,
          RTOL,
          PROBABILITY_ATOL,
          what + ": engine outputs vs MLlib probabilities");
      assertArrayEquals(predictions, predicted, what + ": engine predict vs MLlib predictions");
    }
  }

  /** Checks that {@code other} is exactly this result, bit for bit. */
  void assertIdentical(Scored other, String what) {
    assertArrayEquals(
        features.dup('c').data().asDouble(),
        other.features.dup('c').data().asDouble(),
        what + ": features");
    assertArrayEquals(probabilities, other.probabilities, what + ": probabilities");
    assertArrayEquals(predictions, other.predictions, what + ": predictions");
  }

  /** Number of rows whose prediction differs from {@code other}'s. */
  int predictionsDifferingFrom(Scored other) {
    assertEquals(predictions.length, other.predictions.length, "row counts");
    int differing = 0;
    for (int i = 0; i < predictions.length; i++) {
      if (predictions[i] != other.predictions[i]) {
        differing++;
      }
    }
    return differing;
  }

  /**
   * Checks that {@code actual} has {@code expected}'s uid and every one of its params, with the
   * same value and the same status (explicitly set, or default only).
   */
  static void assertSameParams(Params expected, Params actual) {
    assertEquals(expected.getClass(), actual.getClass(), "class");
    assertEquals(expected.uid(), actual.uid(), "uid");
    Param<?>[] params = expected.params();
    assertTrue(params.length > 0, "the model has params");
    for (Param<?> param : params) {
      Param<?> other = actual.getParam(param.name());
      assertEquals(expected.isSet(param), actual.isSet(other), "isSet(" + param.name() + ")");
      assertEquals(
          expected.isDefined(param), actual.isDefined(other), "isDefined(" + param.name() + ")");
      if (expected.isDefined(param)) {
        Object want = expected.getOrDefault(param);
        Object got = actual.getOrDefault(other);
        assertTrue(
            Objects.deepEquals(want, got), param.name() + ": expected " + want + ", got " + got);
      }
    }
  }
}
