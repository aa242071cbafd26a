package ai.hamu.core.model;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;

import ai.hamu.core.model.ModelCases.Problem;
import ai.hamu.core.stats.BatchStatistics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The loss gradient of {@link FeedForwardModel#lossStatistics} for every model type and hidden
 * activation. Oracle: central finite differences (h = 1e-6) of Σ {@link
 * FeedForwardModel#perExampleLoss}.
 */
class LossGradientTest {

  // Central differences in double precision are accurate to ~1e-9 here (truncation h² ≈ 1e-12,
  // rounding ε·|loss|/h ≈ 1e-9), so these bounds leave a margin while still catching any wrong
  // term.
  private static final double RTOL = 1e-6;
  private static final double ATOL = 1e-8;

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void gradientSumMatchesFiniteDifferencesOfSummedPerExampleLoss(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 11);

    BatchStatistics stats = p.model().lossStatistics(p.params(), p.features(), p.labels());

    // Expected values: central finite differences of Σ_i perExampleLoss_i.
    ParameterBlocks expected =
        FiniteDifferences.gradient(
            q ->
                FiniteDifferences.sum(
                    p.model().perExampleLoss(q, p.features(), p.labels()).toDoubleVector()),
            p.params());
    assertAllClose(
        stats.gradientSum(), expected, RTOL, ATOL, name + " (seed " + p.seed() + ") loss gradient");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void gradientSumMatchesFiniteDifferencesOnASingleRow(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 23);
    INDArray x = p.features().getRow(4, true).dup();
    INDArray y = p.labels().get(NDArrayIndex.interval(4, 5)).dup();

    BatchStatistics stats = p.model().lossStatistics(p.params(), x, y);

    // Expected values: central finite differences of the one row's perExampleLoss.
    ParameterBlocks expected =
        FiniteDifferences.gradient(
            q -> FiniteDifferences.sum(p.model().perExampleLoss(q, x, y).toDoubleVector()),
            p.params());
    assertAllClose(
        stats.gradientSum(),
        expected,
        RTOL,
        ATOL,
        name + " (seed " + p.seed() + ") one-row loss gradient");
  }
}
