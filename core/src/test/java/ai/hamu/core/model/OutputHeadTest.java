package ai.hamu.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The contract {@link FeedForwardModel} relies on, checked for every family's head against central
 * finite differences of the head's own per-example loss and divergence: the loss gradient with
 * respect to the logits is {@code output − target}, and the divergence's error is its gradient. A
 * new head passes this test or the shared backward pass would be wrong for it.
 */
class OutputHeadTest {

  private static final int ROWS = 5;
  private static final double H = 1e-6;

  @ParameterizedTest
  @EnumSource(ModelType.class)
  void theLossGradientIsOutputMinusTarget(ModelType type) {
    OutputHead head = type.head();
    int width =
        type == ModelType.SOFTMAX_REGRESSION || type == ModelType.MULTILAYER_PERCEPTRON ? 4 : 1;
    Random random = new Random(type.ordinal());
    INDArray logits = randomLogits(random, width);
    INDArray labels = labels(random, head.numClasses(width));
    INDArray targets = head.targets(labels, width);
    assertErrorIsTheGradient(
        logits,
        head.evaluate(logits, labels, targets).delta(),
        z -> head.evaluate(z, labels, targets).losses(),
        type.toString());
  }

  @ParameterizedTest
  @EnumSource(ModelType.class)
  void theDivergenceErrorIsItsGradientAndItVanishesAtTheOriginal(ModelType type) {
    OutputHead head = type.head();
    int width =
        type == ModelType.SOFTMAX_REGRESSION || type == ModelType.MULTILAYER_PERCEPTRON ? 4 : 1;
    Random random = new Random(10 + type.ordinal());
    INDArray original = head.outputs(randomLogits(random, width));
    INDArray logits = randomLogits(random, width);
    assertErrorIsTheGradient(
        logits,
        head.divergence(logits, original).delta(),
        z -> head.divergence(z, original).perExample(),
        type.toString());
    INDArray same = randomLogits(random, width);
    INDArray atOriginal = head.divergence(same, head.outputs(same)).perExample();
    for (int i = 0; i < ROWS; i++) {
      assertEquals(0.0, atOriginal.getDouble(i), 1e-12, type + ": no divergence from itself");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ModelType.class,
      names = {"SOFTMAX_REGRESSION", "BINARY_LOGISTIC_REGRESSION"})
  void classifiersRefuseALabelThatIsNotAClassNamingItsRow(ModelType type) {
    OutputHead head = type.head();
    int width = type == ModelType.SOFTMAX_REGRESSION ? 3 : 1;
    INDArray labels =
        Nd4j.create(new double[] {0, 1, head.numClasses(width)}, new long[] {3}, DataType.DOUBLE);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> head.targets(labels, width));
    assertEquals(
        "label at row 2: expected a class index in [0, "
            + (head.numClasses(width) - 1)
            + "], got "
            + (double) head.numClasses(width),
        e.getMessage());
  }

  /**
   * The log-odds against each row's class, checked against log((1 − p_y)/p_y) from the head's own
   * probabilities (closed form) and its error against central finite differences of that value.
   */
  @ParameterizedTest
  @EnumSource(
      value = ModelType.class,
      names = {"SOFTMAX_REGRESSION", "BINARY_LOGISTIC_REGRESSION"})
  void theLogOddsAreThoseOfTheProbabilitiesAndTheirErrorIsTheirGradient(ModelType type) {
    OutputHead head = type.head();
    int width = type == ModelType.SOFTMAX_REGRESSION ? 4 : 1;
    Random random = new Random(20 + type.ordinal());
    INDArray logits = randomLogits(random, width);
    INDArray labels = labels(random, head.numClasses(width));
    INDArray targets = head.targets(labels, width);
    OutputHead.Evaluation odds = head.logOdds(logits, targets);
    INDArray p = head.outputs(logits);
    for (int i = 0; i < ROWS; i++) {
      double py = p.getDouble(i, labels.getInt(i));
      assertEquals(Math.log((1 - py) / py), odds.losses().getDouble(i), 1e-12, type + " row " + i);
    }
    assertErrorIsTheGradient(
        logits, odds.delta(), z -> head.logOdds(z, targets).losses(), type.toString());
  }

  @Test
  void theLogOddsOfAFittedRowStayFiniteWithAnErrorThatDoesNotVanish() {
    // logits (800, 0, 0) on class 0: p_y rounds to 1 and 1 − p_y to 0, but in closed form the
    // log-odds are ln(2e^−800) = ln 2 − 800 and the error (−1, ½, ½)
    OutputHead softmax = ModelType.SOFTMAX_REGRESSION.head();
    INDArray z = Nd4j.createFromArray(new double[][] {{800.0, 0.0, 0.0}});
    INDArray zero = Nd4j.createFromArray(0.0);
    OutputHead.Evaluation odds = softmax.logOdds(z, softmax.targets(zero, 3));
    assertEquals(Math.log(2) - 800, odds.losses().getDouble(0), 1e-10);
    assertEquals(-1.0, odds.delta().getDouble(0, 0), 1e-15);
    assertEquals(0.5, odds.delta().getDouble(0, 1), 1e-12);
    assertEquals(0.5, odds.delta().getDouble(0, 2), 1e-12);

    // binary, margin 800 on class 1: log-odds −800, error −1
    OutputHead binary = ModelType.BINARY_LOGISTIC_REGRESSION.head();
    INDArray one = Nd4j.createFromArray(1.0);
    OutputHead.Evaluation b =
        binary.logOdds(Nd4j.createFromArray(new double[][] {{800.0}}), binary.targets(one, 1));
    assertEquals(-800.0, b.losses().getDouble(0), 0.0);
    assertEquals(-1.0, b.delta().getDouble(0, 0), 0.0);

    OutputHead regression = ModelType.LINEAR_REGRESSION.head();
    assertThrows(
        UnsupportedOperationException.class,
        () -> regression.logOdds(Nd4j.createFromArray(new double[][] {{1.0}}), one));
  }

  /**
   * Every entry of {@code error} against the central finite difference of its row's value under its
   * logit ({@code perRow} maps logits to one value per row).
   */
  private static void assertErrorIsTheGradient(
      INDArray logits, INDArray error, UnaryOperator<INDArray> perRow, String what) {
    for (int i = 0; i < ROWS; i++) {
      for (int k = 0; k < logits.columns(); k++) {
        double plus = perRow.apply(bumped(logits, i, k, H)).getDouble(i);
        double minus = perRow.apply(bumped(logits, i, k, -H)).getDouble(i);
        assertEquals(
            (plus - minus) / (2 * H),
            error.getDouble(i, k),
            1e-7,
            what + " row " + i + " logit " + k);
      }
    }
  }

  private static INDArray randomLogits(Random random, int width) {
    double[] v = new double[ROWS * width];
    for (int i = 0; i < v.length; i++) {
      v[i] = 2 * random.nextGaussian();
    }
    return Nd4j.create(v, new long[] {ROWS, width}, DataType.DOUBLE);
  }

  private static INDArray labels(Random random, int classes) {
    double[] y = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      y[i] = classes == 0 ? random.nextGaussian() : random.nextInt(classes);
    }
    return Nd4j.create(y, new long[] {ROWS}, DataType.DOUBLE);
  }

  private static INDArray bumped(INDArray logits, int row, int column, double h) {
    INDArray copy = logits.dup();
    copy.putScalar(row, column, copy.getDouble(row, column) + h);
    return copy;
  }

  @Test
  void aFittedRowKeepsItsTinyGradientInsteadOfAnExactZero() {
    // binary, margin 50 on class 1: δ = σ(50) − 1 = −1/(1 + e^50) in closed form (about −2e-22),
    // which the subtraction 1 − 1 would round to 0
    OutputHead binary = ModelType.BINARY_LOGISTIC_REGRESSION.head();
    INDArray m = Nd4j.createFromArray(new double[][] {{50.0}});
    INDArray one = Nd4j.createFromArray(1.0);
    double delta = binary.evaluate(m, one, binary.targets(one, 1)).delta().getDouble(0, 0);
    assertEquals(-1 / (1 + Math.exp(50)), delta, 1e-12 / (1 + Math.exp(50)));

    // softmax, logits (60, 0, 0) on class 0: δ = (−2e^−60, e^−60, e^−60) / (1 + 2e^−60)
    OutputHead softmax = ModelType.SOFTMAX_REGRESSION.head();
    INDArray z = Nd4j.createFromArray(new double[][] {{60.0, 0.0, 0.0}});
    INDArray zero = Nd4j.createFromArray(0.0);
    INDArray d = softmax.evaluate(z, zero, softmax.targets(zero, 3)).delta();
    double e = Math.exp(-60) / (1 + 2 * Math.exp(-60));
    assertEquals(-2 * e, d.getDouble(0, 0), 1e-12 * e);
    assertEquals(e, d.getDouble(0, 1), 1e-12 * e);
    assertEquals(e, d.getDouble(0, 2), 1e-12 * e);
  }
}
