package ai.hamu.core.model;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static ai.hamu.core.testing.NumericAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.hamu.core.model.ModelCases.Problem;
import ai.hamu.core.stats.BatchStatistics;
import ai.hamu.core.testing.SeededData;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link BatchStatistics#merge} of the statistics of two disjoint sets of rows. Oracle: the
 * statistics of all rows at once (sums are additive over rows).
 */
class StatisticsMergeTest {

  private static final double RTOL = 1e-12;
  // absolute slack for gradient entries that cancel to near 0 (terms are O(1), so rounding is
  // ~1e-15)
  private static final double ATOL = 1e-13;
  private static final int SPLIT = 3;

  private static INDArray rows(INDArray a, int from, int to) {
    return a.rank() == 1
        ? a.get(NDArrayIndex.interval(from, to))
        : a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
  }

  private static void assertSameStatistics(
      BatchStatistics merged, BatchStatistics whole, String what) {
    assertClose(merged.objectiveSum(), whole.objectiveSum(), RTOL, 0, what + " objectiveSum");
    assertAllClose(merged.gradientSum(), whole.gradientSum(), RTOL, ATOL, what + " gradientSum");
    assertEquals(whole.exampleCount(), merged.exampleCount(), what + " exampleCount");
    assertEquals(whole.correctCount(), merged.correctCount(), what + " correctCount");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void lossStatisticsOfTwoHalvesMergeToThoseOfAllRows(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 97);
    Model m = p.model();
    int n = ModelCases.ROWS;

    BatchStatistics first =
        m.lossStatistics(p.params(), rows(p.features(), 0, SPLIT), rows(p.labels(), 0, SPLIT));
    BatchStatistics second =
        m.lossStatistics(p.params(), rows(p.features(), SPLIT, n), rows(p.labels(), SPLIT, n));
    double[] firstGradient = first.gradientSum().toFlatArray();
    BatchStatistics whole = m.lossStatistics(p.params(), p.features(), p.labels());

    assertSameStatistics(first.merge(second), whole, name + " loss");
    assertSameStatistics(second.merge(first), whole, name + " loss (other order)");
    assertAllClose(
        first.gradientSum().toFlatArray(),
        firstGradient,
        0,
        0,
        name + ": merge leaves its input unchanged");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void klStatisticsOfTwoHalvesMergeToThoseOfAllRows(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 101);
    Model m = p.model();
    int n = ModelCases.ROWS;
    ParameterBlocks originalParams =
        SeededData.gaussianBlocks(new Random(p.seed() + 1), m.blocks(), 0.7);
    INDArray original = m.outputs(originalParams, p.features());

    BatchStatistics first =
        m.klStatistics(p.params(), rows(p.features(), 0, SPLIT), rows(original, 0, SPLIT));
    BatchStatistics second =
        m.klStatistics(p.params(), rows(p.features(), SPLIT, n), rows(original, SPLIT, n));
    BatchStatistics whole = m.klStatistics(p.params(), p.features(), original);

    assertSameStatistics(first.merge(second), whole, name + " KL");
  }
}
