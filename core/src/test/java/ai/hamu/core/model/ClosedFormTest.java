package ai.hamu.core.model;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Outputs, predictions and losses on small literal examples. Oracle: the textbook formulas (softmax
 * of X·Wᵀ + b, P(1) = σ(w·x + b), ½(ŷ − y)², and MLlib's multilayer perceptron: sigmoid hidden
 * layers, softmax output) evaluated with plain Java loops in this class.
 */
class ClosedFormTest {

  private static final double RTOL = 1e-13;
  private static final double ATOL = 1e-15;

  private static INDArray matrix(double[][] rows) {
    return Nd4j.create(rows).castTo(DataType.DOUBLE);
  }

  private static INDArray vector(double... values) {
    return Nd4j.create(values, new long[] {values.length}, DataType.DOUBLE);
  }

  private static ParameterBlocks params(Model model, Object... nameThenArray) {
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    for (int i = 0; i < nameThenArray.length; i += 2) {
      arrays.put((String) nameThenArray[i], (INDArray) nameThenArray[i + 1]);
    }
    return ParameterBlocks.of(model.blocks(), arrays);
  }

  private static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }

  /** softmax(W·x + b) for every row of x, with plain loops (no max shift needed at these sizes). */
  private static double[][] softmaxLayer(double[][] w, double[] b, double[][] x) {
    double[][] p = new double[x.length][w.length];
    for (int i = 0; i < x.length; i++) {
      double norm = 0;
      for (int k = 0; k < w.length; k++) {
        double z = b[k];
        for (int j = 0; j < x[i].length; j++) {
          z += w[k][j] * x[i][j];
        }
        p[i][k] = Math.exp(z);
        norm += p[i][k];
      }
      for (int k = 0; k < w.length; k++) {
        p[i][k] /= norm;
      }
    }
    return p;
  }

  private static int argMax(double[] v) {
    int best = 0;
    for (int k = 1; k < v.length; k++) {
      if (v[k] > v[best]) {
        best = k;
      }
    }
    return best;
  }

  @Test
  void softmaxRegressionIsSoftmaxOfAffineScores() {
    double[][] x = {{0.5, -1.0, 2.0}, {-0.3, 0.8, 0.1}};
    double[][] w = {{0.2, -0.4, 0.1}, {-0.7, 0.3, 0.5}, {0.6, 0.9, -0.2}};
    double[] b = {0.1, -0.2, 0.05};
    double[] y = {2, 0};
    FeedForwardModel model = new FeedForwardModel(Architecture.softmaxRegression(3, 3));
    ParameterBlocks p = params(model, "coefficients", matrix(w), "intercepts", vector(b));

    double[][] expected = softmaxLayer(w, b, x);
    INDArray out = model.outputs(p, matrix(x));

    assertArrayEquals(new long[] {2, 3}, out.shape());
    for (int i = 0; i < x.length; i++) {
      assertAllClose(out.getRow(i).toDoubleVector(), expected[i], RTOL, ATOL, "softmax row " + i);
    }
    double[] expectedLoss = {-Math.log(expected[0][2]), -Math.log(expected[1][0])};
    assertAllClose(
        model.perExampleLoss(p, matrix(x), vector(y)).toDoubleVector(),
        expectedLoss,
        RTOL,
        ATOL,
        "cross-entropy");
    double[] expectedPrediction = {argMax(expected[0]), argMax(expected[1])};
    assertArrayEquals(
        expectedPrediction, model.predict(p, matrix(x)).toDoubleVector(), "arg-max class");
  }

  @Test
  void binaryLogisticIsSigmoidOfMarginAndPredictsOneOnlyForPositiveMargin() {
    double[] w = {1.5, -2.0};
    double bias = 0.25;
    // margins: 1.75, −1.75, exactly 0, just above 0, just below 0
    double[][] x = {{1, 0}, {0, 1}, {0.5, 0.5}, {0.5 + 1e-9, 0.5}, {0.5 - 1e-9, 0.5}};
    double[] y = {1, 1, 0, 1, 0};
    FeedForwardModel model = new FeedForwardModel(Architecture.binaryLogisticRegression(2));
    ParameterBlocks p =
        params(model, "coefficients", matrix(new double[][] {w}), "intercept", vector(bias));

    INDArray out = model.outputs(p, matrix(x));
    double[] loss = model.perExampleLoss(p, matrix(x), vector(y)).toDoubleVector();
    double[] predicted = model.predict(p, matrix(x)).toDoubleVector();

    assertArrayEquals(new long[] {5, 2}, out.shape());
    for (int i = 0; i < x.length; i++) {
      double margin = w[0] * x[i][0] + w[1] * x[i][1] + bias;
      double p1 = sigmoid(margin);
      assertAllClose(
          out.getRow(i).toDoubleVector(),
          new double[] {1 - p1, p1},
          RTOL,
          ATOL,
          "[P(0), P(1)] row " + i);
      double expectedLoss = y[i] == 1 ? -Math.log(p1) : -Math.log(1 - p1);
      assertAllClose(
          new double[] {loss[i]}, new double[] {expectedLoss}, 1e-9, ATOL, "log loss row " + i);
      assertEquals(
          margin > 0 ? 1.0 : 0.0, predicted[i], "prediction row " + i + " (margin " + margin + ")");
    }
    assertTrue(w[0] * x[3][0] + w[1] * x[3][1] + bias > 0, "row 3 has a positive margin");
    assertTrue(w[0] * x[4][0] + w[1] * x[4][1] + bias < 0, "row 4 has a negative margin");
    assertArrayEquals(new double[] {1, 0, 0, 1, 0}, predicted, "MLlib's rule: 1 iff margin > 0");
  }

  @Test
  void linearRegressionLossIsHalfSquaredError() {
    double[] w = {2.0, -1.0, 0.5};
    double bias = 1.0;
    double[][] x = {{1, 2, 3}, {-0.5, 0.25, 4}, {0, 0, 0}};
    double[] y = {3.0, -1.0, 2.5};
    FeedForwardModel model = new FeedForwardModel(Architecture.linearRegression(3));
    ParameterBlocks p =
        params(model, "coefficients", matrix(new double[][] {w}), "intercept", vector(bias));

    double[] predicted = model.predict(p, matrix(x)).toDoubleVector();
    double[] loss = model.perExampleLoss(p, matrix(x), vector(y)).toDoubleVector();
    INDArray out = model.outputs(p, matrix(x));

    assertArrayEquals(new long[] {3, 1}, out.shape());
    for (int i = 0; i < x.length; i++) {
      double yHat = bias;
      for (int j = 0; j < w.length; j++) {
        yHat += w[j] * x[i][j];
      }
      assertEquals(yHat, predicted[i], 1e-14, "ŷ row " + i);
      assertEquals(yHat, out.getDouble(i, 0), 1e-14, "output row " + i);
      assertEquals(0.5 * (yHat - y[i]) * (yHat - y[i]), loss[i], 1e-14, "½(ŷ − y)² row " + i);
    }
  }

  @Test
  void sigmoidPerceptronMatchesPlainLoopForwardPass() {
    double[][] x = {{0.4, -1.2, 0.7}, {1.1, 0.3, -0.6}};
    double[][] w0 = {{0.3, -0.5, 0.8}, {-0.2, 0.4, 0.1}, {0.9, -0.3, -0.7}, {0.05, 0.6, -0.4}};
    double[] b0 = {0.1, -0.3, 0.2, 0.0};
    double[][] w1 = {{0.7, -0.6, 0.2, 0.5}, {-0.4, 0.8, -0.1, 0.3}, {0.2, 0.1, 0.9, -0.8}};
    double[] b1 = {-0.1, 0.2, 0.05};
    double[] y = {1, 2};
    FeedForwardModel model =
        new FeedForwardModel(
            Architecture.multilayerPerceptron(List.of(3, 4, 3), List.of(Activation.SIGMOID)));
    ParameterBlocks p =
        params(
            model,
            "layer0.weight",
            matrix(w0),
            "layer0.bias",
            vector(b0),
            "layer1.weight",
            matrix(w1),
            "layer1.bias",
            vector(b1));

    // hidden = σ(W0·x + b0), output = softmax(W1·hidden + b1)
    double[][] hidden = new double[x.length][w0.length];
    for (int i = 0; i < x.length; i++) {
      for (int h = 0; h < w0.length; h++) {
        double z = b0[h];
        for (int j = 0; j < x[i].length; j++) {
          z += w0[h][j] * x[i][j];
        }
        hidden[i][h] = sigmoid(z);
      }
    }
    double[][] expected = softmaxLayer(w1, b1, hidden);

    INDArray out = model.outputs(p, matrix(x));
    double[] loss = model.perExampleLoss(p, matrix(x), vector(y)).toDoubleVector();
    double[] predicted = model.predict(p, matrix(x)).toDoubleVector();

    assertArrayEquals(new long[] {2, 3}, out.shape());
    for (int i = 0; i < x.length; i++) {
      assertAllClose(
          out.getRow(i).toDoubleVector(), expected[i], RTOL, ATOL, "perceptron output row " + i);
      assertEquals(-Math.log(expected[i][(int) y[i]]), loss[i], 1e-13, "cross-entropy row " + i);
      assertEquals(argMax(expected[i]), predicted[i], "arg-max class row " + i);
    }
  }
}
