package ai.hamu.core.solve;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static ai.hamu.core.testing.NumericAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.hardness.StoppingMode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The unit test vectors of hamu-algorithm.md §12 (lr = 1, fixed R = 1). The expected values are the
 * spec's independent re-derivation, printed there to 4 decimals, hence atol 1e-4; the identities
 * g_f·δ = B and ‖δ‖ = R of the rectified branch are exact and checked to 1e-12.
 */
class HamuTensorSolverVectorsTest {

  private static final RadiusRule R1 = new RadiusRule.Fixed(1.0);
  private static final double TABLE = 1e-4;

  private final HamuTensorSolver solver = new HamuTensorSolver(StoppingMode.REFERENCE);

  private static INDArray v(double... x) {
    return Nd4j.createFromArray(x);
  }

  private TensorSolution solve(
      Variant variant, INDArray gr, INDArray gf, double b, InfeasibilityPolicy policy) {
    return solver.solve("t", TensorProblem.local(variant, gr, gf, b, R1, policy));
  }

  private TensorSolution solveQ(INDArray gr, INDArray gf, double b) {
    return solve(Variant.HAMU_Q, gr, gf, b, InfeasibilityPolicy.STOP);
  }

  private static void assertTableRow(
      TensorDiagnostics d, double angle, double c, double threshold, double rhs) {
    assertClose(d.hardness().angleDegrees(), angle, 0, 1e-2, "angle");
    assertClose(d.hardness().feasibility(), c, 0, TABLE, "feasibility c");
    assertClose(d.hardness().threshold(), threshold, 0, TABLE, "branch threshold");
    assertClose(d.stoppingTerm(), rhs, 0, TABLE, "stopping term rhs");
  }

  @Test
  void rectified() {
    TensorSolution s = solveQ(v(1, 0), v(0.6, 0.8), 0.5);
    assertEquals(Branch.RECTIFIED, s.diagnostics().branch());
    assertAllClose(s.delta(), v(-0.3928, 0.9196), 0, TABLE, "delta");
    assertClose(s.diagnostics().realisedRetainChange(), -0.3928, 0, TABLE, "g_r·δ");
    assertClose(s.diagnostics().realisedForgetChange(), 0.5, 0, 1e-12, "g_f·δ = B");
    assertClose(s.diagnostics().deltaNorm(), 1.0, 0, 1e-12, "‖δ‖ = R");
    assertTableRow(s.diagnostics(), 53.13, 0.5, -0.5, 0.8);
    assertFalse(s.diagnostics().constraint() > s.diagnostics().stoppingTerm(), "no stop: B <= rhs");
  }

  @Test
  void direct() {
    TensorSolution s = solveQ(v(1, 0), v(-0.8, 0.6), 0.5);
    assertEquals(Branch.DIRECT, s.diagnostics().branch());
    assertAllClose(s.delta(), v(-1, 0), 0, 1e-12, "delta");
    assertClose(s.diagnostics().realisedRetainChange(), -1, 0, 1e-12, "g_r·δ");
    assertClose(s.diagnostics().realisedForgetChange(), 0.8, 0, 1e-12, "g_f·δ");
    assertTableRow(s.diagnostics(), 143.13, 0.5, -0.5, 0.6);
  }

  @Test
  void infeasibleStopsWithNaN() {
    TensorSolution s = solveQ(v(1, 0), v(0.6, 0.8), 1.5);
    assertEquals(Branch.INFEASIBLE, s.diagnostics().branch());
    assertTrue(s.diagnostics().failedFeasibility());
    assertTrue(s.diagnostics().nanInDelta());
    assertTrue(
        Double.isNaN(s.delta().getDouble(0)) && Double.isNaN(s.delta().getDouble(1)),
        "δ is NaN-filled");
    assertTableRow(s.diagnostics(), 53.13, 1.5, -1.5, 0.8);
    assertTrue(s.diagnostics().constraint() > s.diagnostics().stoppingTerm(), "stop: B > rhs");
  }

  @Test
  void infeasibleContinuesWithOverRadiusAscent() {
    TensorSolution s =
        solve(Variant.HAMU_Q, v(1, 0), v(0.6, 0.8), 1.5, InfeasibilityPolicy.CONTINUE);
    assertEquals(Branch.INFEASIBLE, s.diagnostics().branch());
    assertTrue(s.diagnostics().failedFeasibility());
    assertFalse(s.diagnostics().nanInDelta());
    assertAllClose(s.delta(), v(0.9, 1.2), 0, 1e-12, "delta = (B/‖g_f‖²)·g_f");
    assertTrue(s.diagnostics().deltaNorm() > 1.0, "the ascent step exceeds the radius");
  }

  @Test
  void colinear() {
    TensorSolution s = solveQ(v(1, 0), v(2, 0), 0.5);
    assertEquals(Branch.COLINEAR, s.diagnostics().branch());
    assertAllClose(s.delta(), v(0.25, 0), 0, 1e-12, "delta");
    assertClose(s.diagnostics().realisedRetainChange(), 0.25, 0, 1e-12, "g_r·δ");
    assertClose(s.diagnostics().realisedForgetChange(), 0.5, 0, 1e-12, "g_f·δ");
    assertTableRow(s.diagnostics(), 0, 0.25, -0.5, 0);
    assertTrue(s.diagnostics().constraint() > s.diagnostics().stoppingTerm(), "stop: B > rhs");
  }

  @Test
  void zeroConstraintRotatesTheFullRadius() {
    TensorSolution s = solveQ(v(1, 0), v(0.6, 0.8), 0);
    assertEquals(Branch.RECTIFIED, s.diagnostics().branch());
    assertAllClose(s.delta(), v(-0.8, 0.6), 0, 1e-12, "delta");
    assertClose(s.diagnostics().realisedRetainChange(), -0.8, 0, 1e-12, "g_r·δ");
    assertClose(s.diagnostics().realisedForgetChange(), 0, 0, 1e-12, "g_f·δ");
    assertTableRow(s.diagnostics(), 53.13, 0, 0, 0.8);
  }

  @Test
  void collateral() {
    TensorSolution s = solveQ(v(1, 0), v(0.95, 0.31225), 0.5);
    assertEquals(Branch.RECTIFIED, s.diagnostics().branch());
    assertAllClose(s.delta(), v(0.2046, 0.9788), 0, TABLE, "delta");
    assertClose(s.diagnostics().realisedRetainChange(), 0.2046, 0, TABLE, "g_r·δ > 0: collateral");
    assertClose(s.diagnostics().realisedForgetChange(), 0.5, 0, 1e-12, "g_f·δ");
    assertTableRow(s.diagnostics(), 18.19, 0.5, -0.5, 0.3122);
    assertClose(
        s.diagnostics().hardness().kappa2(),
        Math.sqrt(0.75),
        0,
        1e-7,
        "κ2 (‖g_f‖ = 1 to 1e-8 in the vector)");
    assertTrue(s.diagnostics().hardness().collateral(), "κ = 0.95 > κ2 = 0.866");
    assertClose(
        s.diagnostics().hardness().minimumRetainCost(),
        s.diagnostics().realisedRetainChange(),
        0,
        1e-12,
        "F_r* is the realised optimum");
  }

  @Test
  void hamuUSwapsAndNegates() {
    TensorSolution s = solve(Variant.HAMU_U, v(1, 0), v(0.6, 0.8), 0.5, InfeasibilityPolicy.STOP);
    assertEquals(Branch.RECTIFIED, s.diagnostics().branch());
    assertAllClose(s.delta(), v(-0.5, 0.8660), 0, TABLE, "delta");
    assertClose(
        s.diagnostics().realisedRetainChange(), -0.5, 0, 1e-12, "retain decreases by exactly B");
    assertClose(s.diagnostics().realisedForgetChange(), 0.3928, 0, TABLE, "g_f·δ");
    assertTableRow(s.diagnostics(), 53.13, 0.5, -0.5, 0.8);
  }

  @Test
  void zeroForgetGradient() {
    TensorSolution stop = solveQ(v(1, 0), v(0, 0), 0.5);
    assertEquals(Branch.INFEASIBLE, stop.diagnostics().branch());
    assertTrue(stop.diagnostics().nanInDelta());
    TensorSolution cont =
        solve(Variant.HAMU_Q, v(1, 0), v(0, 0), 0.5, InfeasibilityPolicy.CONTINUE);
    assertEquals(Branch.ZERO_FORGET_GRADIENT, cont.diagnostics().branch());
    assertTrue(cont.diagnostics().failedFeasibility());
    assertAllClose(cont.delta(), v(0, 0), 0, 0, "delta = 0");
    TensorSolution none = solveQ(v(3, 4), v(0, 0), 0);
    assertEquals(
        Branch.DIRECT,
        none.diagnostics().branch(),
        "B = 0 with no forget gradient is plain descent");
    assertFalse(none.diagnostics().failedFeasibility());
    assertAllClose(none.delta(), v(-0.6, -0.8), 0, 1e-12, "delta = −R·ĝ_r");
  }

  @Test
  void exactBoundaryGoesToDirect() {
    // κ = −0.5 = κ1 exactly (c = 0.5): dp == threshold must take the direct branch.
    TensorSolution s = solveQ(v(1, 0), v(-0.5, Math.sqrt(0.75)), 0.5);
    assertEquals(Branch.DIRECT, s.diagnostics().branch());
  }

  @Test
  void learningRateRadiusMakesDirectAnSgdStep() {
    RadiusRule lr = new RadiusRule.LearningRateScaled(0.1);
    TensorSolution s =
        solver.solve(
            "t",
            TensorProblem.local(
                Variant.HAMU_Q, v(3, 4), v(-3, -4), 0.01, lr, InfeasibilityPolicy.STOP));
    assertEquals(Branch.DIRECT, s.diagnostics().branch());
    assertAllClose(s.delta(), v(-0.3, -0.4), 0, 1e-15, "δ = −lr·g_r");
    assertClose(s.diagnostics().radius(), 0.5, 0, 1e-15, "R = lr·‖g_r‖");
    assertClose(s.diagnostics().stoppingThreshold(), 0.1, 0, 1e-15, "B/lr");
  }

  @Test
  void matrixTensorsKeepTheirShape() {
    INDArray gr = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 0}});
    INDArray gf = Nd4j.createFromArray(new double[][] {{0.6, 0.8}, {0, 0}});
    TensorSolution s = solveQ(gr, gf, 0.5);
    assertEquals(2, s.delta().rank());
    assertAllClose(
        s.delta(),
        Nd4j.createFromArray(new double[][] {{-0.3928, 0.9196}, {0, 0}}),
        0,
        TABLE,
        "delta");
  }
}
