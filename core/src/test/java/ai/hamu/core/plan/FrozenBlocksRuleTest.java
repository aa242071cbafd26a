package ai.hamu.core.plan;

import static ai.hamu.core.plan.PlanFixtures.blocks;
import static ai.hamu.core.plan.PlanFixtures.v;
import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.baseline.Baseline;
import ai.hamu.core.baseline.BaselineConfig;
import ai.hamu.core.baseline.BaselineRule;
import ai.hamu.core.model.ParameterBlocks;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A frozen block gets no update and does not influence the others (compared with planning without
 * it).
 */
class FrozenBlocksRuleTest {

  @Test
  void frozenBlockStaysAndOthersAreSolvedWithoutIt() {
    ParameterBlocks gr = blocks(v(0.6, 0.3), v(0.2, -0.1, 0.5));
    ParameterBlocks gf = blocks(v(0.5, 0.4), v(-0.3, 0.3, 0.1));
    StepPlanner planner = new StepPlanner(PlannerConfig.builder(1e-4).constraint(0.2e-4).build());
    StepPlan frozen =
        new FrozenBlocksRule(planner, List.of("t1")).plan(StepInputs.ofLosses(gr, gf));
    assertAllClose(
        frozen.delta().orElseThrow().get("t1").toDoubleVector(), v(0, 0, 0), 0, 0, "frozen block");
    // with the grad-norm split a zero-gradient tensor gets B_l = 0, so tensor 0 is solved as if
    // alone
    StepPlan alone = planner.plan(StepInputs.ofLosses(blocks(v(0.6, 0.3)), blocks(v(0.5, 0.4))));
    assertAllClose(
        frozen.delta().orElseThrow().get("t0").toDoubleVector(),
        alone.delta().orElseThrow().get(0).toDoubleVector(),
        1e-12,
        0,
        "other block");
    assertAllClose(gr.get("t1").toDoubleVector(), v(0.2, -0.1, 0.5), 0, 0, "inputs not modified");
  }

  @Test
  void frozenBlockTakesNoShareOfAnEqualSplit() {
    // with the equal split a frozen block would otherwise get B/2 and make the step infeasible
    StepPlanner planner =
        new StepPlanner(
            PlannerConfig.builder(1.0)
                .radiusRule(new ai.hamu.core.solve.RadiusRule.Fixed(1.0))
                .constraint(0.4)
                .split(ConstraintSplit.EQUAL, true)
                .maxGradNorm(Double.POSITIVE_INFINITY)
                .build());
    StepPlan p =
        new FrozenBlocksRule(planner, List.of("t1"))
            .plan(
                StepInputs.ofLosses(
                    blocks(v(1, 0), v(0.3, 0.2)), blocks(v(0.6, 0.8), v(0.5, 0.1))));
    assertTrue(p.apply(), "feasible: " + p.stopReason());
    assertEquals(0.4, p.tensors().get(0).constraint(), 1e-15, "the whole B goes to the free block");
    assertEquals(0.0, p.tensors().get(1).constraint(), 0, "the frozen block gets none");
    assertAllClose(
        p.delta().orElseThrow().get("t1").toDoubleVector(), v(0, 0), 0, 0, "frozen block");
  }

  @Test
  void nothingFrozenReturnsTheRuleItself() {
    UpdateRule ft = new BaselineRule(BaselineConfig.defaults(Baseline.FT, 0.1));
    assertSame(ft, FrozenBlocksRule.wrap(ft, List.of()));
  }
}
