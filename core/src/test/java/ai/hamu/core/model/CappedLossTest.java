package ai.hamu.core.model;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static ai.hamu.core.testing.NumericAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.ModelCases.Problem;
import ai.hamu.core.stats.BatchStatistics;
import java.util.Arrays;
import java.util.stream.IntStream;
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
