package ai.hamu.core.plan;

import static ai.hamu.core.plan.PlanFixtures.blocks;
import static ai.hamu.core.plan.PlanFixtures.v;
import static ai.hamu.core.testing.NumericAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.solve.Branch;
import ai.hamu.core.solve.InfeasibilityPolicy;
import ai.hamu.core.solve.RadiusRule;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The un-normalised softmax split without clipping: B·exp(−dp) overflows a double once dp < −709
 * (exp(709.8) is the largest finite exponential), which used to end the plan with "constraint:
 * expected a finite value >= 0, got Infinity". The overflowing share saturates and its tensor is
 * infeasible; the other tensors keep their exact shares B·exp(−dp_l).
 */
class ConstraintSplitOverflowTest {

  // tensor 0: dp = 2000·(−0.5) = −1000, far past the overflow; tensor 1: dp = 0.2·0.3 + 0.1·0.1 =
  // 0.07
  private static final ParameterBlocks RETAIN = blocks(v(2000, 0), v(0.2, 0.1));
  private static final ParameterBlocks FORGET = blocks(v(-0.5, 0), v(0.3, 0.1));
  private static final double B = 0.5;

  private static PlannerConfig.Builder unclippedSoftmax() {
    return PlannerConfig.builder(1.0)
        .radiusRule(new RadiusRule.Fixed(1.0))
        .constraint(B)
        .maxGradNorm(Double.POSITIVE_INFINITY)
        .split(ConstraintSplit.SOFTMAX_NEGATIVE_DOT, false);
  }

  @Test
  void anOverflowingShareSaturatesAndItsTensorIsInfeasible() {
    assertTrue(Double.isInfinite(B * Math.exp(1000)), "the premise: the exact share overflows");
    StepPlan plan =
        new StepPlanner(unclippedSoftmax().build()).plan(StepInputs.ofLosses(RETAIN, FORGET));

    assertEquals(
        Double.MAX_VALUE / 2,
        plan.tensors().get(0).constraint(),
        "saturated at MAX/n, n = 2 tensors");
    assertEquals(Branch.INFEASIBLE, plan.tensors().get(0).branch(), "no radius reaches it");
    assertClose(
        plan.tensors().get(1).constraint(),
        B * Math.exp(-0.07),
        1e-12,
        0,
        "the other share is exact");
    assertTrue(
        Double.isFinite(plan.summary().constraintTotal()),
        "Σ B_l stays finite: " + plan.summary().constraintTotal());
    assertEquals(StopReason.INFEASIBLE, plan.stopReason(), "the default policy stops");
    assertTrue(plan.delta().isEmpty(), "and discards the step");
  }

  @Test
  void underTheContinuePolicyTheUnreachableTensorTakesNoStepAndNothingIsInfinite() {
    StepPlan plan =
        new StepPlanner(unclippedSoftmax().policy(InfeasibilityPolicy.CONTINUE).build())
            .plan(StepInputs.ofLosses(RETAIN, FORGET));

    assertTrue(plan.apply());
    ParameterBlocks delta = plan.delta().orElseThrow();
    INDArray saturated = delta.get(0);
    assertEquals(
        0.0, saturated.getDouble(0), "B_0/‖g_f‖² = (MAX/2)/0.25 is no finite number: no step");
    assertEquals(0.0, saturated.getDouble(1));
    for (int l = 0; l < delta.size(); l++) {
      for (long i = 0; i < delta.get(l).length(); i++) {
        assertTrue(Double.isFinite(delta.get(l).getDouble(i)), "finite δ in tensor " + l);
      }
    }
    assertTrue(Double.isFinite(plan.tensors().get(1).deltaNorm()));
  }

  @Test
  void aZeroConstraintAsksForNothingEvenWhereTheExponentialOverflows() {
    StepPlan plan =
        new StepPlanner(unclippedSoftmax().constraint(0).build())
            .plan(StepInputs.ofLosses(RETAIN, FORGET));
    assertEquals(0.0, plan.tensors().get(0).constraint(), "0·exp(1000) is 0, not NaN");
  }
}
