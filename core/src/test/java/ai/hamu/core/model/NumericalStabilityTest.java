package ai.hamu.core.model;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.stats.BatchStatistics;
import ai.hamu.core.testing.SeededData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Losses, probabilities, KL and gradients stay finite for logits in the thousands. Oracle: the
 * asymptotic values computed in this class: −log softmax(z)_y = logsumexp(z) − z_y with the maximum
 * shifted out, log loss of a margin m → |m| when wrong and → 0 when right, and gradients of ±1 per
 * row.
 */
class NumericalStabilityTest {

  private static INDArray matrix(double[][] rows) {
    return Nd4j.create(rows).castTo(DataType.DOUBLE);
  }

  private static INDArray vector(double... values) {
    return Nd4j.create(values, new long[] {values.length}, DataType.DOUBLE);
  }

  private static ParameterBlocks linearParams(Model model, double[][] w, double... b) {
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    arrays.put(model.blocks().get(0).name(), matrix(w));
    arrays.put(model.blocks().get(1).name(), vector(b));
    return ParameterBlocks.of(model.blocks(), arrays);
  }

  private static void assertFinite(double[] values, String what) {
    for (int i = 0; i < values.length; i++) {
      assertTrue(Double.isFinite(values[i]), what + ": element " + i + " is " + values[i]);
    }
  }

  @Test
  void softmaxWithHugeLogitsHasFiniteLossAndNormalisedProbabilities() {
    FeedForwardModel model = new FeedForwardModel(Architecture.softmaxRegression(2, 3));
    double[][] w = {{1e3, -2e3}, {-1e3, 1.5e3}, {3e3, 1e3}};
    ParameterBlocks p = linearParams(model, w, 5e2, 0, -5e2);
    double[][] x = {{1.0, 0.5}, {-1.0, 2.0}, {0.3, -0.7}};
    double[] y = {0, 1, 2};

    INDArray out = model.outputs(p, matrix(x));
    BatchStatistics stats = model.lossStatistics(p, matrix(x), vector(y));
    double[] loss = model.perExampleLoss(p, matrix(x), vector(y)).toDoubleVector();

    assertFinite(out.dup('c').data().asDouble(), "probabilities");
    assertAllClose(
        out.sum(1).toDoubleVector(), new double[] {1, 1, 1}, 1e-12, 0, "row sums of probabilities");
    double[] expected = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double[] z = new double[w.length];
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < w.length; k++) {
        z[k] = w[k][0] * x[i][0] + w[k][1] * x[i][1] + p.get(1).getDouble(k);
        max = Math.max(max, z[k]);
      }
      double s = 0;
      for (double zk : z) {
        s += Math.exp(zk - max);
      }
      expected[i] = max + Math.log(s) - z[(int) y[i]];
    }
    assertAllClose(loss, expected, 1e-12, 1e-12, "cross-entropy with huge logits");
    assertTrue(expected[0] > 100, "the example really has huge logit gaps: " + expected[0]);
    assertTrue(Double.isFinite(stats.objectiveSum()), "objectiveSum " + stats.objectiveSum());
    assertFinite(stats.gradientSum().toFlatArray(), "loss gradient");

    ParameterBlocks other =
        linearParams(model, new double[][] {{-1e3, 2e3}, {1e3, -1.5e3}, {-3e3, -1e3}}, 0, 0, 0);
    BatchStatistics kl = model.klStatistics(p, matrix(x), model.outputs(other, matrix(x)));
    assertTrue(
        Double.isFinite(kl.objectiveSum()) && kl.objectiveSum() > 0, "KL " + kl.objectiveSum());
    assertFinite(kl.gradientSum().toFlatArray(), "KL gradient");
  }

  @Test
  void perceptronWithHugeOutputWeightsHasFiniteLoss() {
    FeedForwardModel model =
        new FeedForwardModel(
            Architecture.multilayerPerceptron(List.of(2, 3, 3), List.of(Activation.TANH)));
    ParameterBlocks p = SeededData.gaussianBlocks(new Random(5), model.blocks(), 1.0);
    p.get("layer1.weight").muli(1e4);
    INDArray x = matrix(new double[][] {{1.0, -2.0}, {0.5, 0.5}, {-3.0, 1.0}});

    BatchStatistics stats = model.lossStatistics(p, x, vector(0, 1, 2));
    INDArray out = model.outputs(p, x);

    assertTrue(Double.isFinite(stats.objectiveSum()), "objectiveSum " + stats.objectiveSum());
    assertFinite(stats.gradientSum().toFlatArray(), "loss gradient");
    assertAllClose(
        out.sum(1).toDoubleVector(), new double[] {1, 1, 1}, 1e-12, 0, "row sums of probabilities");
  }

  @Test
  void binaryLogisticWithMarginOf800HasFiniteLoss() {
    FeedForwardModel model = new FeedForwardModel(Architecture.binaryLogisticRegression(1));
    ParameterBlocks p = linearParams(model, new double[][] {{800}}, 0);
    INDArray x = matrix(new double[][] {{1}, {-1}});

    // wrong on both rows: margins +800 with label 0 and −800 with label 1
    BatchStatistics wrong = model.lossStatistics(p, x, vector(0, 1));
    assertAllClose(
        model.perExampleLoss(p, x, vector(0, 1)).toDoubleVector(),
        new double[] {800, 800},
        1e-12,
        0,
        "log loss = |margin| when wrong");
    assertEquals(1600, wrong.objectiveSum(), 1e-9);
    // δ = P(1) − y is +1 on row 0 (x = 1) and −1 on row 1 (x = −1): ∂w = 1·1 + (−1)(−1) = 2, ∂b = 0
    assertAllClose(
        wrong.gradientSum().toFlatArray(),
        new double[] {2, 0},
        0,
        1e-12,
        "loss gradient when wrong");
    assertEquals(0, wrong.correctCount());

    BatchStatistics right = model.lossStatistics(p, x, vector(1, 0));
    double[] rightLoss = model.perExampleLoss(p, x, vector(1, 0)).toDoubleVector();
    assertAllClose(rightLoss, new double[] {0, 0}, 0, 1e-300, "log loss → 0 when right");
    assertTrue(rightLoss[0] >= 0 && rightLoss[1] >= 0, "log loss is never negative");
    assertAllClose(
        right.gradientSum().toFlatArray(),
        new double[] {0, 0},
        0,
        1e-300,
        "loss gradient when right");
    assertEquals(2, right.correctCount());

    // KL against the mirrored model (margins ∓800): −log P_model(original's class) = 800 per row
    ParameterBlocks mirrored = linearParams(model, new double[][] {{-800}}, 0);
    BatchStatistics kl = model.klStatistics(p, x, model.outputs(mirrored, x));
    assertEquals(1600, kl.objectiveSum(), 1e-9, "KL with margins ±800");
    assertFinite(kl.gradientSum().toFlatArray(), "KL gradient");
  }

  /**
   * MLlib fits a binary model on rows of one class with weights 0 and an infinite intercept. Its
   * log loss is exactly 0 on that class and +∞ on the other (the limits of log(1 + e^{∓m})), never
   * NaN: a retrain reference of a whole-class deletion must be scorable.
   */
  @Test
  void binaryLogisticWithAnInfiniteInterceptHasLossZeroOrInfinityNeverNaN() {
    FeedForwardModel model = new FeedForwardModel(Architecture.binaryLogisticRegression(2));
    INDArray x = matrix(new double[][] {{1, 2}, {-3, 0.5}, {0, 0}});
    ParameterBlocks positive =
        linearParams(model, new double[][] {{0, 0}}, Double.POSITIVE_INFINITY);
    assertAllClose(
        model.perExampleLoss(positive, x, vector(1, 1, 0)).toDoubleVector(),
        new double[] {0, 0, Double.POSITIVE_INFINITY},
        0,
        0,
        "+∞ intercept");
    ParameterBlocks negative =
        linearParams(model, new double[][] {{0, 0}}, Double.NEGATIVE_INFINITY);
    assertAllClose(
        model.perExampleLoss(negative, x, vector(1, 0, 0)).toDoubleVector(),
        new double[] {Double.POSITIVE_INFINITY, 0, 0},
        0,
        0,
        "−∞ intercept");
    assertEquals(2, model.lossStatistics(positive, x, vector(1, 1, 0)).correctCount());
  }
}
