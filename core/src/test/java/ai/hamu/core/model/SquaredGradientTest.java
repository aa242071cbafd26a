package ai.hamu.core.model;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;

import ai.hamu.core.model.ModelCases.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * {@link Model#meanSquaredGradients} for every model type and hidden activation. Oracle: each row's
 * gradient from central finite differences (h = 1e-6) of that row's {@link Model#perExampleLoss},
 * squared coordinate by coordinate and averaged over the rows.
 */
class SquaredGradientTest {

  // squares of finite-difference gradients accurate to ~1e-9 (see LossGradientTest)
  private static final double RTOL = 1e-6;
  private static final double ATOL = 1e-8;

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void meanSquaredGradientsAreTheMeanOfEachRowsSquaredGradient(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 31);
    int n = p.features().rows();

    ParameterBlocks actual = p.model().meanSquaredGradients(p.params(), p.features(), p.labels());

    ParameterBlocks expected = ParameterBlocks.zeros(p.params().specs());
    for (int i = 0; i < n; i++) {
      INDArray x = p.features().getRow(i, true).dup();
      INDArray y = p.labels().get(NDArrayIndex.interval(i, i + 1)).dup();
      ParameterBlocks g =
          FiniteDifferences.gradient(
              q -> FiniteDifferences.sum(p.model().perExampleLoss(q, x, y).toDoubleVector()),
              p.params());
      for (int b = 0; b < g.size(); b++) {
        g.get(b).muli(g.get(b));
      }
      expected.addInPlace(g);
    }
    expected.scaleInPlace(1.0 / n);
    assertAllClose(actual, expected, RTOL, ATOL, name + " mean squared per-row gradient");
  }
}
