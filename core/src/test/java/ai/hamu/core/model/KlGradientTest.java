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

/**
 * {@link FeedForwardModel#klStatistics}: KL(p_original ‖ p_model) and its gradient. Oracle: a
 * scalar KL written in this class from {@link FeedForwardModel#outputs} (Σ p_o log(p_o / p_m) per
 * row, or ½(ŷ − ŷ_o)² for regression), and central finite differences (h = 1e-6) of its sum.
 */
class KlGradientTest {

  private static final double RTOL = 1e-6;
  private static final double ATOL = 1e-8;

  /** Σ over rows of KL(original ‖ model), from the model's outputs only. */
  static double klSum(
      Model model, ParameterBlocks params, INDArray features, INDArray originalOutputs) {
    double[][] pm = PlainForward.matrix(model.outputs(params, features));
    double[][] po = PlainForward.matrix(originalOutputs);
    double sum = 0;
    for (int i = 0; i < pm.length; i++) {
      if (model.architecture().type() == ModelType.LINEAR_REGRESSION) {
        double d = pm[i][0] - po[i][0];
        sum += 0.5 * d * d;
        continue;
      }
      for (int k = 0; k < pm[i].length; k++) {
        if (po[i][k] > 0) {
          sum += po[i][k] * Math.log(po[i][k] / pm[i][k]);
        }
      }
    }
    return sum;
  }

  private static ParameterBlocks otherParameters(Problem p) {
    return SeededData.gaussianBlocks(new Random(p.seed() + 500), p.model().blocks(), 0.7);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void klGradientMatchesFiniteDifferencesOfIndependentKl(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 53);
    INDArray originalOutputs = p.model().outputs(otherParameters(p), p.features());

    BatchStatistics stats = p.model().klStatistics(p.params(), p.features(), originalOutputs);

    double kl = klSum(p.model(), p.params(), p.features(), originalOutputs);
    assertClose(stats.objectiveSum(), kl, 1e-10, 1e-12, name + " KL sum");
    assertEquals(ModelCases.ROWS, stats.exampleCount(), name + " exampleCount");
    assertEquals(0, stats.correctCount(), name + " correctCount");
    // Expected values: central finite differences of the KL sum computed by klSum above.
    ParameterBlocks expected =
        FiniteDifferences.gradient(
            q -> klSum(p.model(), q, p.features(), originalOutputs), p.params());
    assertAllClose(
        stats.gradientSum(), expected, RTOL, ATOL, name + " (seed " + p.seed() + ") KL gradient");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void klAndItsGradientVanishWhenTheModelIsTheOriginal(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 59);
    INDArray originalOutputs = p.model().outputs(p.params(), p.features());

    BatchStatistics stats =
        p.model().klStatistics(p.params().copy(), p.features(), originalOutputs);

    assertClose(stats.objectiveSum(), 0.0, 0, 1e-13, name + " KL at the original");
    ParameterBlocks zero = ParameterBlocks.zeros(p.model().blocks());
    assertAllClose(stats.gradientSum(), zero, 0, 1e-13, name + " KL gradient at the original");
  }
}
