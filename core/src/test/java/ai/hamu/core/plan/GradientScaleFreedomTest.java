package ai.hamu.core.plan;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.solve.RadiusRule;
import ai.hamu.core.solve.Variant;
import ai.hamu.core.testing.SeededData;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link StepPlanner#directionFreeOfGradientScales()}: where it says true, planning from a·g_r and
 * b·g_f gives a step parallel to the one from g_r and g_f, on random gradients of a two-tensor
 * model (oracle: the planner itself at the unscaled gradients, and the cosine of the two steps);
 * where it says false, some scaling turns the step.
 */
class GradientScaleFreedomTest {

  private static final FeedForwardModel MODEL =
      new FeedForwardModel(Architecture.softmaxRegression(5, 3));

  /**
   * Scales whose squared norms stay far above the solver's 1e-12 guards, which break the invariance
   * below them.
   */
  private static final double[][] SCALES = {{1e-3, 1}, {1, 1e-3}, {3e2, 2e-2}, {0.5, 0.5}};

  @Test
  void theFeasibilityTargetWithAScaleFreeSplitKeepsTheDirection() {
    Random random = new Random(11);
    for (Variant variant : Variant.values()) {
      for (RadiusRule radius :
          List.of(new RadiusRule.LearningRateScaled(0.7), new RadiusRule.Fixed(0.3))) {
        for (ConstraintSplit split :
            List.of(ConstraintSplit.EQUAL, ConstraintSplit.GRADIENT_NORM_PRODUCT)) {
          StepPlanner planner =
              new StepPlanner(
                  PlannerConfig.builder(1.0)
                      .variant(variant)
                      .feasibilityTarget(0.8)
                      .radiusRule(radius)
                      .split(split, true)
                      .maxGradNorm(Double.POSITIVE_INFINITY)
                      .build());
          assertTrue(planner.directionFreeOfGradientScales());
          for (int trial = 0; trial < 20; trial++) {
            ParameterBlocks gr = SeededData.gaussianBlocks(random, MODEL.blocks(), 1.0);
            ParameterBlocks gf = SeededData.gaussianBlocks(random, MODEL.blocks(), 1.0);
            StepPlan reference = planner.plan(StepInputs.ofLosses(gr, gf));
            for (double[] ab : SCALES) {
              StepPlan scaled =
                  planner.plan(StepInputs.ofLosses(gr.scaled(ab[0]), gf.scaled(ab[1])));
              String what = variant + " " + radius + " " + split + " a=" + ab[0] + " b=" + ab[1];
              assertEquals(reference.apply(), scaled.apply(), what);
              if (reference.apply()) {
                assertEquals(reference.branchCounts(), scaled.branchCounts(), what);
                assertAllClose(
                    new double[] {
                      cosine(reference.delta().orElseThrow(), scaled.delta().orElseThrow())
                    },
                    new double[] {1},
                    0,
                    1e-9,
                    what);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void anAbsoluteConstraintOrARawDotSoftmaxDependsOnTheScales() {
    assertFalse(
        new StepPlanner(PlannerConfig.builder(1.0).constraint(0.1).build())
            .directionFreeOfGradientScales());
    assertFalse(
        new StepPlanner(
                PlannerConfig.builder(1.0)
                    .feasibilityTarget(0.8)
                    .split(ConstraintSplit.SOFTMAX_NEGATIVE_DOT, true)
                    .build())
            .directionFreeOfGradientScales());
    assertFalse(
        new StepPlanner(
                PlannerConfig.builder(1.0)
                    .feasibilityTarget(0.8)
                    .split(ConstraintSplit.GRADIENT_NORM_PRODUCT, false)
                    .build())
            .directionFreeOfGradientScales());
    // and it matters: the softmax split of raw dot products turns the step when the gradients scale
    StepPlanner softmax =
        new StepPlanner(
            PlannerConfig.builder(1.0)
                .feasibilityTarget(0.8)
                .split(ConstraintSplit.SOFTMAX_NEGATIVE_DOT, true)
                .maxGradNorm(Double.POSITIVE_INFINITY)
                .build());
    Random random = new Random(12);
    double worst = 1;
    for (int trial = 0; trial < 20; trial++) {
      ParameterBlocks gr = SeededData.gaussianBlocks(random, MODEL.blocks(), 1.0);
      ParameterBlocks gf = SeededData.gaussianBlocks(random, MODEL.blocks(), 1.0);
      StepPlan reference = softmax.plan(StepInputs.ofLosses(gr, gf));
      StepPlan scaled = softmax.plan(StepInputs.ofLosses(gr.scaled(3), gf.scaled(3)));
      if (reference.apply() && scaled.apply()) {
        worst =
            Math.min(worst, cosine(reference.delta().orElseThrow(), scaled.delta().orElseThrow()));
      }
    }
    assertTrue(worst < 1 - 1e-6, "some step turned: worst cosine " + worst);
  }

  private static double cosine(ParameterBlocks a, ParameterBlocks b) {
    return a.dot(b) / (a.norm() * b.norm());
  }
}
