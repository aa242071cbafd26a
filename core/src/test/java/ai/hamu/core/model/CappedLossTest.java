package ai.hamu.core.model;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static ai.hamu.core.testing.NumericAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.ModelCases.Problem;
import ai.hamu.core.stats.BatchStatistics;
import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The capped loss min(loss, cap of the row's class) of {@link Model#lossStatistics(ParameterBlocks,
 * LabeledRows, LossCap)}. Oracle: the plain statistics of only the rows below their cap (a second
 * computation over a subset) for the gradient, and the per-example losses clipped in plain Java for
 * the sum.
 */
class CappedLossTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void rowsAtTheirCapAddTheCapAndNoGradient(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 43);
    double[] losses =
        p.model().perExampleLoss(p.params(), p.features(), p.labels()).toDoubleVector();
    double[] labels = p.labels().toDoubleVector();
    double[] sorted = losses.clone();
    Arrays.sort(sorted);
    double median = 0.5 * (sorted[3] + sorted[4]);
    // classifiers: the class of the best-fitted row uncapped, every other class at the median loss;
    // regression: the median
    int classes = Math.max(arch.numClasses(), 1);
    double[] byClass = new double[classes];
    Arrays.fill(byClass, median);
    if (classes > 1) {
      int best =
          IntStream.range(0, losses.length)
              .reduce((a, b) -> losses[a] <= losses[b] ? a : b)
              .getAsInt();
      byClass[(int) labels[best]] = Double.POSITIVE_INFINITY;
    }
    double[] rowCap =
        Arrays.stream(labels).map(y -> classes > 1 ? byClass[(int) y] : median).toArray();
    int[] below = IntStream.range(0, losses.length).filter(i -> losses[i] < rowCap[i]).toArray();
    assertTrue(below.length > 0 && below.length < losses.length, name + ": some rows are capped");

    BatchStatistics capped =
        p.model()
            .lossStatistics(
                p.params(), p.model().prepare(p.features(), p.labels()), LossCap.byClass(byClass));
    INDArray x = p.features().getRows(below);
    INDArray y = Nd4j.createFromArray(Arrays.stream(below).mapToDouble(i -> labels[i]).toArray());
    BatchStatistics subset = p.model().lossStatistics(p.params(), x, y);

    assertAllClose(capped.gradientSum(), subset.gradientSum(), 1e-12, 1e-14, name + " gradient");
    double expectedSum =
        IntStream.range(0, losses.length).mapToDouble(i -> Math.min(losses[i], rowCap[i])).sum();
    assertClose(capped.objectiveSum(), expectedSum, 1e-12, 1e-14, name + " capped loss sum");
    assertEquals(ModelCases.ROWS, capped.exampleCount(), name + ": every row is counted");
    assertEquals(
        p.model().lossStatistics(p.params(), p.features(), p.labels()).correctCount(),
        capped.correctCount(),
        name + ": the cap does not change what is predicted");
  }

  /**
   * Classes on log-odds count min(log((1 − p_y)/p_y), cap) per row, the others their plain loss.
   * Oracle: that objective summed in plain Java from the model's probabilities, and its gradient by
   * central finite differences.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void rowsOfALogOddsClassCountTheirCappedLogOdds(String name, Architecture arch) {
    Assumptions.assumeTrue(arch.numClasses() > 0, "regression has no classes");
    Problem p = ModelCases.problem(arch, 53);
    double[] labels = p.labels().toDoubleVector();
    int classes = arch.numClasses();
    boolean[] onOdds = new boolean[classes];
    for (int c = 0; c < classes; c += 2) {
      onOdds[c] = true;
    }
    double[] odds = logOdds(p, p.params(), labels);
    double[] oddsRows =
        IntStream.range(0, labels.length)
            .filter(i -> onOdds[(int) labels[i]])
            .mapToDouble(i -> odds[i])
            .sorted()
            .toArray();
    assertTrue(oddsRows.length >= 2, name + ": rows on log-odds");
    // between the two smallest: one row below the cap, the rest capped, none within 10⁻⁴ of it
    double cap = 0.5 * (oddsRows[0] + oddsRows[1]);
    assertTrue(oddsRows[1] - oddsRows[0] > 2e-4, name + ": rows clear of the cap");
    double[] infinite = new double[classes];
    Arrays.fill(infinite, Double.POSITIVE_INFINITY);
    LossCap lossCap = LossCap.byClass(infinite).onLogOdds(onOdds, cap);

    BatchStatistics stats =
        p.model().lossStatistics(p.params(), p.model().prepare(p.features(), p.labels()), lossCap);
    ToDoubleFunction<ParameterBlocks> objective =
        theta -> {
          double[] loss =
              p.model().perExampleLoss(theta, p.features(), p.labels()).toDoubleVector();
          double[] o = logOdds(p, theta, labels);
          double sum = 0;
          for (int i = 0; i < labels.length; i++) {
            sum += onOdds[(int) labels[i]] ? Math.min(o[i], cap) : loss[i];
          }
          return sum;
        };
    assertClose(
        stats.objectiveSum(), objective.applyAsDouble(p.params()), 1e-10, 1e-12, name + " sum");
    assertAllClose(
        stats.gradientSum(),
        FiniteDifferences.gradient(objective, p.params()),
        1e-6,
        1e-8,
        name + " gradient");
    assertTrue(lossCap.onLogOdds(0) && !lossCap.onLogOdds(1), name);
    assertThrows(IllegalArgumentException.class, () -> lossCap.onLogOdds(onOdds, Double.NaN));
    assertThrows(
        IllegalArgumentException.class, () -> lossCap.onLogOdds(new boolean[classes + 1], 0));
  }

  /** log((1 − p_y)/p_y) of every row from the model's probabilities, in plain Java. */
  private static double[] logOdds(Problem p, ParameterBlocks theta, double[] labels) {
    INDArray probabilities = p.model().outputs(theta, p.features());
    double[] odds = new double[labels.length];
    for (int i = 0; i < odds.length; i++) {
      double py = probabilities.getDouble(i, (int) labels[i]);
      odds[i] = Math.log((1 - py) / py);
    }
    return odds;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void noCapIsThePlainLossAndACapNeedsOneValuePerClass(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 47);
    LabeledRows rows = p.model().prepare(p.features(), p.labels());
    BatchStatistics plain = p.model().lossStatistics(p.params(), rows);
    double[] infinite = new double[Math.max(arch.numClasses(), 1)];
    Arrays.fill(infinite, Double.POSITIVE_INFINITY);
    BatchStatistics uncapped =
        p.model().lossStatistics(p.params(), rows, LossCap.byClass(infinite));
    assertEquals(plain.objectiveSum(), uncapped.objectiveSum(), name);
    assertAllClose(uncapped.gradientSum(), plain.gradientSum(), 0, 0, name);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            p.model()
                .lossStatistics(
                    p.params(), rows, LossCap.byClass(new double[infinite.length + 1])));
    assertThrows(IllegalArgumentException.class, () -> LossCap.byClass(0.0));
  }
}
