package ai.hamu.core.plan;

import static ai.hamu.core.plan.PlanFixtures.blocks;
import static ai.hamu.core.plan.PlanFixtures.v;
import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static ai.hamu.core.testing.NumericAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.hardness.StoppingMode;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.solve.Branch;
import ai.hamu.core.solve.HamuTensorSolver;
import ai.hamu.core.solve.InfeasibilityPolicy;
import ai.hamu.core.solve.RadiusRule;
import ai.hamu.core.solve.TensorDiagnostics;
import ai.hamu.core.solve.TensorProblem;
import ai.hamu.core.solve.Variant;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The step planner. Expected values come from hamu-algorithm.md §12 (the two-tensor example,
 * printed to 5-6 significant digits, hence rtol 1e-4), from closed forms written out in the test,
 * or from the single-tensor solver applied to concatenated vectors (exact full-gradient mode).
 */
class StepPlannerTest {

  private static final double LR = 1e-4;

  private static StepPlan plan(PlannerConfig config, ParameterBlocks gr, ParameterBlocks gf) {
    return new StepPlanner(config).plan(StepInputs.ofLosses(gr, gf));
  }

  private static PlannerConfig.Builder spec() {
    return PlannerConfig.builder(LR).stoppingMode(StoppingMode.REFERENCE);
  }

  @Test
  void twoTensorExampleOfTheSpec() {
    ParameterBlocks gr = blocks(v(0.6, 0.3), v(0.2, -0.1, 0.5));
    ParameterBlocks gf = blocks(v(0.5, 0.4), v(-0.3, 0.3, 0.1));
    StepPlan p = plan(spec().build(), gr, gf);

    assertTrue(p.apply(), "the criterion is only logged by default");
    assertEquals(1.0, p.summary().retainClipFactor(), "‖g_r‖ < 1: not clipped");
    TensorDiagnostics t1 = p.tensors().get(0);
    TensorDiagnostics t2 = p.tensors().get(1);
    assertEquals(Branch.RECTIFIED, t1.branch());
    assertEquals(Branch.RECTIFIED, t2.branch());
    assertClose(t1.hardness().feasibility(), 0.748188, 1e-5, 0, "c (common to both tensors)");
    assertClose(t2.hardness().feasibility(), 0.748188, 1e-5, 0, "c");
    assertClose(t1.hardness().kappa1(), -0.748188, 1e-5, 0, "κ1");
    assertClose(t1.hardness().kappa2(), 0.6635, 1e-4, 0, "κ2");
    assertClose(t1.hardness().kappa(), 0.9778, 1e-4, 0, "κ tensor 1");
    assertClose(t2.hardness().kappa(), -0.1675, 1e-3, 0, "κ tensor 2");
    assertClose(t1.constraint(), 3.21373e-5, 1e-5, 0, "B_1");
    assertClose(t2.constraint(), 1.78627e-5, 1e-5, 0, "B_2");
    assertClose(t1.radius(), 6.70820e-5, 1e-5, 0, "R_1");
    assertClose(t2.radius(), 5.47723e-5, 1e-5, 0, "R_2");
    ParameterBlocks delta = p.delta().orElseThrow();
    assertAllClose(delta.get("t0"), Nd4j.createFromArray(1.13878e-5, 6.61084e-5), 1e-4, 0, "δ_1");
    assertAllClose(
        delta.get("t1"),
        Nd4j.createFromArray(-3.74138e-5, 3.06838e-5, -2.56654e-5),
        1e-4,
        0,
        "δ_2");
    assertClose(t1.realisedRetainChange(), 2.667e-5, 1e-3, 0, "g_r·δ_1 > 0 (collateral)");
    assertClose(t1.realisedForgetChange(), t1.constraint(), 1e-12, 0, "g_f·δ_1 = B_1");
    assertClose(t2.realisedRetainChange(), -2.338e-5, 1e-3, 0, "g_r·δ_2");
    assertClose(t1.stoppingTerm(), 9.0e-6, 1e-4, 0, "rhs_1");
    assertClose(t2.stoppingTerm(), 2.35372e-5, 1e-5, 0, "rhs_2");
    assertClose(p.summary().stoppingRhs(), 3.25372e-5, 1e-5, 0, "RHS");
    assertClose(p.summary().constraintTotal(), 5e-5, 1e-12, 0, "Σ B_l = B");
    assertTrue(p.summary().stoppingMet(), "RHS < B");
    // equivalent gradients −δ/lr
    assertAllClose(
        delta.get("t0").div(-LR), Nd4j.createFromArray(-0.11388, -0.66108), 1e-4, 0, "−δ_1/lr");
    assertAllClose(
        delta.get("t1").div(-LR),
        Nd4j.createFromArray(0.37414, -0.30684, 0.25665),
        1e-4,
        0,
        "−δ_2/lr");

    StepPlan stopping = plan(spec().stopOnCriterion(true).build(), gr, gf);
    assertEquals(StopReason.STOPPING_CRITERION, stopping.stopReason());
    assertTrue(stopping.delta().isEmpty(), "no update in the step that meets the criterion");
  }

  @Test
  void infeasibleStepIsDiscardedOrTakenAsAscent() {
    ParameterBlocks gr = blocks(v(0.3, 0.4), v(0.2, -0.1, 0.5));
    ParameterBlocks gf = blocks(v(0.5, 0.1), v(0.1, 0.3, 0.2));
    StepPlan stop = plan(spec().build(), gr, gf);
    assertEquals(StopReason.INFEASIBLE, stop.stopReason());
    assertTrue(stop.delta().isEmpty());
    assertClose(
        stop.tensors().get(0).hardness().feasibility(),
        1.087,
        1e-3,
        0,
        "c = B/(lr·S), S = 0.45989");
    assertEquals(2, stop.branchCounts().get(Branch.INFEASIBLE));

    StepPlan cont = plan(spec().policy(InfeasibilityPolicy.CONTINUE).build(), gr, gf);
    assertTrue(cont.apply());
    for (TensorDiagnostics d : cont.tensors()) {
      assertClose(d.realisedForgetChange(), d.constraint(), 1e-12, 0, "ascent meets B_l exactly");
      assertTrue(d.deltaNorm() > d.radius(), "over the radius");
    }
  }

  @Test
  void oneInfeasibleTensorDiscardsTheWholeStep() {
    PlannerConfig config =
        PlannerConfig.builder(1.0)
            .radiusRule(new RadiusRule.Fixed(1.0))
            .constraint(0.8)
            .split(ConstraintSplit.EQUAL, true)
            .maxGradNorm(Double.POSITIVE_INFINITY)
            .build();
    // B_l = 0.4; tensor 0 has ‖g_f‖ = 1 (feasible), tensor 1 has ‖g_f‖ = 0.2 < 0.4 (infeasible)
    StepPlan p = plan(config, blocks(v(1, 0), v(0, 1)), blocks(v(0.6, 0.8), v(0.2, 0)));
    assertEquals(Branch.RECTIFIED, p.tensors().get(0).branch());
    assertEquals(Branch.INFEASIBLE, p.tensors().get(1).branch());
    assertEquals(StopReason.INFEASIBLE, p.stopReason());
    assertTrue(p.delta().isEmpty());
  }

  @Test
  void gradientsAreClippedSeparatelyBeforeSolving() {
    ParameterBlocks gr = blocks(v(6, 0), v(0, 8)); // ‖g_r‖ = 10
    ParameterBlocks gf = blocks(v(0.6, 0.2), v(0.4, 0.4)); // ‖g_f‖ < 1: untouched
    StepPlan p = plan(spec().build(), gr, gf);
    double factor = 1.0 / (10 + 1e-6);
    assertClose(p.summary().retainNormBeforeClip(), 10, 1e-15, 0, "‖g_r‖ before");
    assertClose(
        p.summary().retainClipFactor(), factor, 1e-15, 0, "torch rule min(1, max/(‖g‖+1e-6))");
    assertEquals(1.0, p.summary().forgetClipFactor());
    StepPlan manual =
        plan(spec().maxGradNorm(Double.POSITIVE_INFINITY).build(), gr.scaled(factor), gf);
    assertAllClose(
        p.delta().orElseThrow(),
        manual.delta().orElseThrow(),
        1e-12,
        0,
        "δ of the clipped gradients");
    assertClose(
        p.summary().firstOrderRetainChange(),
        gr.dot(p.delta().orElseThrow()),
        1e-12,
        0,
        "first-order change uses the unclipped mean gradient");
  }

  @Test
  void constraintSplits() {
    ParameterBlocks gr = blocks(v(0.6, 0.3), v(0.2, -0.1, 0.5));
    ParameterBlocks gf = blocks(v(0.5, 0.4), v(-0.3, 0.3, 0.1));
    double b = 0.5 * LR;
    double n1 = Math.hypot(0.6, 0.3) * Math.hypot(0.5, 0.4);
    double n2 = Math.sqrt(0.3) * Math.sqrt(0.19);
    double dp1 = 0.6 * 0.5 + 0.3 * 0.4;
    double dp2 = -0.06 - 0.03 + 0.05;

    StepPlan equal = plan(spec().split(ConstraintSplit.EQUAL, true).build(), gr, gf);
    assertClose(equal.tensors().get(0).constraint(), b / 2, 1e-15, 0, "B/n");
    assertClose(equal.summary().constraintTotal(), b, 1e-15, 0, "Σ B_l");

    StepPlan normUn =
        plan(spec().split(ConstraintSplit.GRADIENT_NORM_PRODUCT, false).build(), gr, gf);
    assertClose(normUn.tensors().get(0).constraint(), b * n1, 1e-12, 0, "B·‖g_r‖‖g_f‖");
    assertClose(normUn.summary().constraintTotal(), b * (n1 + n2), 1e-12, 0, "B·S");

    StepPlan soft = plan(spec().split(ConstraintSplit.SOFTMAX_NEGATIVE_DOT, true).build(), gr, gf);
    double w1 = Math.exp(-dp1) / (Math.exp(-dp1) + Math.exp(-dp2));
    assertClose(soft.tensors().get(0).constraint(), b * w1, 1e-12, 0, "softmax(−dp)");
    assertClose(soft.summary().constraintTotal(), b, 1e-12, 0, "normalised: Σ B_l = B");

    StepPlan softUn =
        plan(spec().split(ConstraintSplit.SOFTMAX_NEGATIVE_DOT, false).build(), gr, gf);
    assertClose(softUn.tensors().get(1).constraint(), b * Math.exp(-dp2), 1e-12, 0, "B·exp(−dp)");
    assertClose(
        softUn.summary().constraintTotal(),
        b * (Math.exp(-dp1) + Math.exp(-dp2)),
        1e-12,
        0,
        "stopping constraint B·Σ exp(−dp)");
  }

  @Test
  void exactFullGradientEqualsTheSolverOnConcatenatedVectors() {
    ParameterBlocks gr = blocks(v(0.6, 0.3), v(0.2, -0.1, 0.5));
    ParameterBlocks gf = blocks(v(0.5, 0.4), v(-0.3, 0.3, 0.1));
    StepPlan p = plan(spec().fullGradient(FullGradientMode.EXACT_GLOBAL).build(), gr, gf);
    var whole =
        new HamuTensorSolver(StoppingMode.REFERENCE)
            .solve(
                "all",
                TensorProblem.local(
                    Variant.HAMU_Q,
                    Nd4j.createFromArray(gr.toFlatArray()),
                    Nd4j.createFromArray(gf.toFlatArray()),
                    0.5 * LR,
                    new RadiusRule.LearningRateScaled(LR),
                    InfeasibilityPolicy.STOP));
    assertAllClose(
        p.delta().orElseThrow().toFlatArray(),
        whole.delta().toDoubleVector(),
        1e-12,
        1e-20,
        "global optimum");
    assertClose(p.summary().firstOrderForgetChange(), 0.5 * LR, 1e-10, 0, "g_f·δ = B overall");
    assertClose(
        p.summary().stoppingRhs(), whole.diagnostics().stoppingTerm(), 1e-12, 0, "global RHS");
    assertClose(p.summary().constraintTotal(), 0.5 * LR, 1e-15, 0, "undivided B");
  }

  @Test
  void referenceFullGradientNormalisesTheOrthogonalPartPerTensor() {
    double[] r1 = {0.6, 0.3};
    double[] r2 = {0.2, -0.1, 0.5};
    double[] f1 = {0.5, 0.4};
    double[] f2 = {-0.3, 0.3, 0.1};
    StepPlan p =
        plan(
            spec().fullGradient(FullGradientMode.REFERENCE_PER_TENSOR_NORMALISATION).build(),
            blocks(r1, r2),
            blocks(f1, f2));
    // closed form of §5.5 with global scalars: δ_l = (B/‖g_f‖²)·g_f,l − √disc · g⊥,l/‖g⊥,l‖
    double rn2 = 0.45 + 0.30;
    double fn2 = 0.41 + 0.19;
    double dp = 0.42 - 0.04;
    double b = 0.5 * LR;
    double radius = LR * Math.sqrt(rn2);
    double disc = radius * radius - b * b / fn2;
    double[][] rs = {r1, r2};
    double[][] fs = {f1, f2};
    for (int l = 0; l < 2; l++) {
      double[] perp = new double[rs[l].length];
      double perpNorm = 0;
      for (int i = 0; i < perp.length; i++) {
        perp[i] = rs[l][i] - dp / fn2 * fs[l][i];
        perpNorm += perp[i] * perp[i];
      }
      perpNorm = Math.sqrt(perpNorm);
      double[] expected = new double[perp.length];
      for (int i = 0; i < perp.length; i++) {
        expected[i] = b / fn2 * fs[l][i] - Math.sqrt(disc) * perp[i] / perpNorm;
      }
      assertAllClose(
          p.delta().orElseThrow().get(l).toDoubleVector(), expected, 1e-12, 1e-20, "δ_" + l);
      assertClose(p.tensors().get(l).constraint(), b, 1e-15, 0, "every tensor sees the full B");
    }
    assertTrue(
        p.delta().orElseThrow().norm() > radius * 1.0001,
        "the per-tensor normalisation makes the combined step longer than R (not the global optimum)");
  }

  @Test
  void stoppingModesDifferOnAnAntiAlignedTensor() {
    // κ = −0.99, c = 0.5: the direct step lowers the retain loss and gains more than B; the
    // reference
    // form still reports collateral damage because R‖g_f‖√(1−κ²) < B.
    double kappa = -0.99;
    ParameterBlocks gr = blocks(v(1, 0));
    ParameterBlocks gf = blocks(v(kappa, Math.sqrt(1 - kappa * kappa)));
    PlannerConfig.Builder base =
        PlannerConfig.builder(1.0)
            .radiusRule(new RadiusRule.Fixed(1.0))
            .constraint(0.5)
            .maxGradNorm(Double.POSITIVE_INFINITY);
    StepPlan reference =
        plan(base.stoppingMode(StoppingMode.REFERENCE).stopOnCriterion(true).build(), gr, gf);
    StepPlan signAware =
        plan(base.stoppingMode(StoppingMode.SIGN_AWARE).stopOnCriterion(true).build(), gr, gf);
    assertEquals(Branch.DIRECT, signAware.tensors().get(0).branch());
    assertClose(
        reference.summary().stoppingRhs(), Math.sqrt(1 - kappa * kappa), 1e-12, 0, "R‖g_f‖√(1−κ²)");
    assertTrue(reference.summary().stoppingMet());
    assertEquals(StopReason.STOPPING_CRITERION, reference.stopReason());
    assertClose(signAware.summary().stoppingRhs(), 1.0, 1e-12, 0, "R‖g_f‖ for κ < 0");
    assertFalse(signAware.summary().stoppingMet());
    assertTrue(signAware.apply());
    assertTrue(
        signAware.summary().firstOrderRetainChange() < 0,
        "the applied step lowers the retain loss");

    // for an aligned tensor both modes agree and fire exactly when κ > κ2
    ParameterBlocks aligned = blocks(v(0.95, 0.31225));
    assertTrue(
        plan(base.stoppingMode(StoppingMode.SIGN_AWARE).build(), gr, aligned)
            .summary()
            .stoppingMet());
    assertTrue(
        plan(base.stoppingMode(StoppingMode.REFERENCE).build(), gr, aligned)
            .summary()
            .stoppingMet());
  }

  @Test
  void hamuUThroughThePlanner() {
    PlannerConfig config =
        PlannerConfig.builder(1.0)
            .variant(Variant.HAMU_U)
            .radiusRule(new RadiusRule.Fixed(1.0))
            .constraint(0.5)
            .maxGradNorm(Double.POSITIVE_INFINITY)
            .build();
    StepPlan p = plan(config, blocks(v(1, 0)), blocks(v(0.6, 0.8)));
    assertAllClose(
        p.delta().orElseThrow().get(0).toDoubleVector(),
        v(-0.5, Math.sqrt(0.75)),
        1e-12,
        0,
        "δ (§12)");
    assertClose(p.summary().firstOrderRetainChange(), -0.5, 1e-12, 0, "retain falls by B");
  }

  @Test
  void feasibilityTargetGivesEveryTensorTheTargetRatio() {
    ParameterBlocks gr = blocks(v(0.6, 0.3), v(0.2, -0.1, 0.5));
    ParameterBlocks gf = blocks(v(0.5, 0.4), v(-0.3, 0.3, 0.1));
    StepPlan p = plan(spec().feasibilityTarget(0.3).build(), gr, gf);
    double s = 0.668281; // Σ‖g_r,l‖‖g_f,l‖ (§12)
    assertClose(p.summary().constraintTotal(), 0.3 * LR * s, 1e-5, 0, "B = c*·lr·S");
    for (TensorDiagnostics d : p.tensors()) {
      assertClose(d.hardness().feasibility(), 0.3, 1e-12, 0, "c = target in " + d.name());
      assertClose(d.realisedForgetChange(), d.constraint(), 1e-12, 0, "g_f·δ = B_l");
    }
    StepPlan full =
        plan(
            spec().feasibilityTarget(0.3).fullGradient(FullGradientMode.EXACT_GLOBAL).build(),
            gr,
            gf);
    assertClose(
        full.tensors().get(0).hardness().feasibility(), 0.3, 1e-12, 0, "model-wide c = target");
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> PlannerConfig.builder(LR).feasibilityTarget(1.5).build());
    assertTrue(
        bad.getMessage().contains("[0, 1]") && bad.getMessage().contains("1.5"), bad.getMessage());
  }

  @Test
  void configRejectsBadSettingsNamingTheKey() {
    PlannerConfig.UnreachableConstraintException tooBig =
        assertThrows(
            PlannerConfig.UnreachableConstraintException.class,
            () -> PlannerConfig.builder(LR).constraint(2 * LR).build());
    assertTrue(
        tooBig.getMessage().startsWith("constraint: expected <= 1.0E-4"), tooBig.getMessage());
    assertTrue(tooBig.getMessage().contains("got 2.0E-4"), tooBig.getMessage());
    assertEquals(LR, tooBig.limit(), 0, "lr radius, gradients clipped to 1: B <= lr·1·1");
    PlannerConfig.UnreachableConstraintException fixed =
        assertThrows(
            PlannerConfig.UnreachableConstraintException.class,
            () ->
                PlannerConfig.builder(LR)
                    .radiusRule(new RadiusRule.Fixed(0.5))
                    .maxGradNorm(2)
                    .constraint(1.5)
                    .build());
    assertEquals(1.0, fixed.limit(), 0, "fixed radius 0.5, gradients clipped to 2: B <= 0.5·2");
    IllegalArgumentException lr =
        assertThrows(IllegalArgumentException.class, () -> PlannerConfig.builder(-1));
    assertTrue(
        lr.getMessage().contains("learningRate") && lr.getMessage().contains("-1.0"),
        lr.getMessage());
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class, () -> PlannerConfig.builder(LR).constraint(-1).build());
    assertTrue(negative.getMessage().startsWith("constraint:"), negative.getMessage());
    IllegalArgumentException clip =
        assertThrows(
            IllegalArgumentException.class, () -> PlannerConfig.builder(LR).maxGradNorm(0).build());
    assertTrue(clip.getMessage().startsWith("maxGradNorm:"), clip.getMessage());
  }
}
