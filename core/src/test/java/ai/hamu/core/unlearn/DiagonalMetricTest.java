package ai.hamu.core.unlearn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.hamu.core.model.BlockSpec;
import ai.hamu.core.model.ParameterBlocks;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link DiagonalMetric}: 1/√D with D_l = F_l + 0.1·mean(F_l), checked against values worked out by
 * hand, and the invariance the update rule's guarantee rests on.
 */
class DiagonalMetricTest {

  private static final List<BlockSpec> SPECS =
      List.of(BlockSpec.vector("w", 3), BlockSpec.vector("b", 2));

  @Test
  void eachTensorIsDampedByATenthOfItsOwnMeanCurvature() {
    // w: F = (0, 1, 3), mean 4/3, D = F + 2/15; b: F = (2, 2), mean 2, D = 2.2
    DiagonalMetric metric = DiagonalMetric.damped(blocks(0, 1, 3, 2, 2));

    ParameterBlocks scales = metric.gradientInMetric(blocks(1, 1, 1, 1, 1));

    assertArrayEquals(
        new double[] {
          1 / Math.sqrt(2.0 / 15),
          1 / Math.sqrt(17.0 / 15),
          1 / Math.sqrt(47.0 / 15),
          1 / Math.sqrt(2.2),
          1 / Math.sqrt(2.2)
        },
        scales.toFlatArray(),
        1e-12);
  }

  @Test
  void aTensorWithoutCurvatureIsDampedByTheMeanOverAllTensors() {
    // overall mean (0 + 0 + 0 + 4 + 6) / 5 = 2: w gets D = 0.2; b: mean 5, D = F + 0.5
    DiagonalMetric metric = DiagonalMetric.damped(blocks(0, 0, 0, 4, 6));

    assertArrayEquals(
        new double[] {
          1 / Math.sqrt(0.2),
          1 / Math.sqrt(0.2),
          1 / Math.sqrt(0.2),
          1 / Math.sqrt(4.5),
          1 / Math.sqrt(6.5)
        },
        metric.stepInParameters(blocks(1, 1, 1, 1, 1)).toFlatArray(),
        1e-12);
  }

  @Test
  void noCurvatureAnywhereIsTheEuclideanMetric() {
    ParameterBlocks g = blocks(0.5, -1, 2, 3, -4);
    assertArrayEquals(
        g.toFlatArray(),
        DiagonalMetric.damped(blocks(0, 0, 0, 0, 0)).gradientInMetric(g).toFlatArray());
  }

  @Test
  void firstOrderLossChangesAreTheSameInBothCoordinates() {
    DiagonalMetric metric = DiagonalMetric.damped(blocks(0.3, 7, 0.01, 2, 9));
    ParameterBlocks g = blocks(0.5, -1, 2, 3, -4);
    ParameterBlocks u = blocks(-2, 0.25, 1, -1, 0.5);

    // g/√D · u = g · (u/√D)
    assertEquals(metric.gradientInMetric(g).dot(u), g.dot(metric.stepInParameters(u)), 1e-12);
  }

  private static ParameterBlocks blocks(double... values) {
    return ParameterBlocks.fromFlat(SPECS, values);
  }
}
