package ai.hamu.core.baseline;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static ai.hamu.core.testing.NumericAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.BlockSpec;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.plan.StepInputs;
import ai.hamu.core.plan.StepPlan;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The baseline rules of hamu-algorithm.md §8. Expected gradients are written out with plain arrays
 * in the test (the formulas of the spec, clipping by the torch rule), and the projection baselines
 * are also checked by their defining property (the projected parts are orthogonal).
 */
class BaselineRuleTest {

  private static final List<BlockSpec> SPECS =
      List.of(BlockSpec.vector("a", 2), BlockSpec.vector("b", 1));
  private static final double LR = 0.1;

  private static ParameterBlocks g(double... flat) {
    return ParameterBlocks.fromFlat(SPECS, flat);
  }

  /** torch clip rule on a plain array. */
  private static double[] clip(double[] x, double max) {
    double n = 0;
    for (double v : x) {
      n += v * v;
    }
    double f = Math.min(1, max / (Math.sqrt(n) + 1e-6));
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = f * x[i];
    }
    return y;
  }

  private static double[] lin(double a, double[] x, double b, double[] y) {
    double[] z = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      z[i] = a * x[i] + b * y[i];
    }
    return z;
  }

  private static double dot(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }

  private static final double[] GR = {1.2, -0.4, 0.9}; // norm > 1: clipped
  private static final double[] GF = {0.3, 0.5, 0.2};
  private static final double[] KR = {0.05, 0.02, -0.01};
  private static final double[] KF = {2.0, 1.0, 2.0}; // norm 3: clipped

  private static StepInputs inputs() {
    return StepInputs.of(
        Map.of(
            GradientSource.RETAIN_LOSS,
            g(GR),
            GradientSource.FORGET_LOSS,
            g(GF),
            GradientSource.RETAIN_KL,
            g(KR),
            GradientSource.FORGET_KL,
            g(KF)));
  }

  private static double[] equivalent(Baseline b, ProjectionSign sign, StepInputs in) {
    return new BaselineRule(BaselineConfig.defaults(b, LR).withProjectionSign(sign))
        .equivalentGradient(in)
        .toFlatArray();
  }

  private static double[] equivalent(Baseline b) {
    return equivalent(b, ProjectionSign.TEXTBOOK, inputs());
  }

  @Test
  void simpleRules() {
    assertAllClose(equivalent(Baseline.FT), clip(GR, 1), 1e-14, 0, "ft: clipped g_r");
    assertAllClose(equivalent(Baseline.GA), lin(-1, clip(GF, 1), 0, GF), 1e-14, 0, "ga: −g_f");
    assertAllClose(
        equivalent(Baseline.GDIFF),
        lin(0.5, clip(GR, 1), -0.5, clip(GF, 1)),
        1e-14,
        0,
        "gdiff: ½(ĝ_r − ĝ_f), each clipped separately");
    assertAllClose(
        equivalent(Baseline.KL),
        lin(0.5, clip(KR, 1), -0.5, clip(GF, 1)),
        1e-14,
        0,
        "kl: ½(∇KL_r − g_f)");
    double[] retainObjective = lin(0.001, KR, 0.99, GR);
    assertAllClose(
        equivalent(Baseline.SCRUB),
        lin(0.5, clip(retainObjective, 1), -0.5, clip(KF, 1)),
        1e-14,
        0,
        "scrub: ½(clip(αKL_r + γL_r) − clip(KL_f))");
  }

  @Test
  void gruProjectsOnlyOnConflictForTheChosenSign() {
    double[] gr = clip(GR, 1);
    double[] gf = clip(GF, 1);
    double dp = dot(gr, gf);
    assertTrue(dp > 0, "fixture: the objectives conflict (dp > 0)");
    double[] projected = lin(-1, lin(1, gf, -dp / dot(gr, gr), gr), 0, gr);
    double[] textbook = equivalent(Baseline.GRU, ProjectionSign.TEXTBOOK, inputs());
    assertAllClose(textbook, projected, 1e-14, 1e-16, "textbook: G = −(g_f − (dp/‖g_r‖²)g_r)");
    assertClose(dot(textbook, gr), 0, 0, 1e-14, "the forget update is orthogonal to g_r");
    assertAllClose(
        equivalent(Baseline.GRU, ProjectionSign.REFERENCE, inputs()),
        lin(-1, gf, 0, gf),
        1e-14,
        0,
        "reference: no projection when dp > 0");
  }

  @Test
  void pcgradProjectsBothTasksOnConflict() {
    double[] gr = clip(GR, 1);
    double[] gf = clip(GF, 1);
    double[] a = gr;
    double[] b = lin(-1, gf, 0, gf);
    double ab = dot(a, b); // = −dp < 0: conflict
    double[] aPrime = lin(1, a, -ab / dot(b, b), b);
    double[] bPrime = lin(1, b, -ab / dot(a, a), a);
    assertClose(dot(aPrime, b), 0, 0, 1e-14, "a' ⟂ b");
    assertClose(dot(bPrime, a), 0, 0, 1e-14, "b' ⟂ a");
    assertAllClose(
        equivalent(Baseline.PCGRAD, ProjectionSign.TEXTBOOK, inputs()),
        lin(0.5, aPrime, 0.5, bPrime),
        1e-14,
        1e-16,
        "textbook PCGrad");
    assertAllClose(
        equivalent(Baseline.PCGRAD, ProjectionSign.REFERENCE, inputs()),
        equivalent(Baseline.GDIFF),
        1e-14,
        0,
        "reference PCGrad without projection equals gdiff");
  }

  @Test
  void referenceSignProjectsWhenGradientsAgree() {
    double[] gfAgree = {-0.3, -0.5, -0.2}; // dp < 0 with GR
    StepInputs in = StepInputs.ofLosses(g(GR), g(gfAgree));
    double[] gr = clip(GR, 1);
    double[] gf = clip(gfAgree, 1);
    double dp = dot(gr, gf);
    assertAllClose(
        equivalent(Baseline.GRU, ProjectionSign.REFERENCE, in),
        lin(-1, lin(1, gf, -dp / dot(gr, gr), gr), 0, gr),
        1e-14,
        1e-16,
        "reference GRU projects when dp < 0");
    assertAllClose(
        equivalent(Baseline.GRU, ProjectionSign.TEXTBOOK, in),
        lin(-1, gf, 0, gf),
        1e-14,
        0,
        "textbook GRU leaves agreeing gradients alone");
  }

  @Test
  void planAppliesMinusLrTimesG() {
    BaselineRule rule = new BaselineRule(BaselineConfig.defaults(Baseline.GDIFF, LR));
    StepPlan plan = rule.plan(inputs());
    assertTrue(plan.apply());
    double[] expected = lin(-LR, equivalent(Baseline.GDIFF), 0, GR);
    assertAllClose(plan.delta().orElseThrow().toFlatArray(), expected, 1e-14, 0, "δ = −lr·G");
    assertClose(plan.summary().firstOrderForgetChange(), dot(GF, expected), 1e-12, 0, "ḡ_f·δ");
    assertClose(
        plan.summary().geometry().dot(),
        dot(clip(GR, 1), clip(GF, 1)),
        1e-12,
        0,
        "κ geometry of clipped");
    assertEquals(0, plan.tensors().size());
  }

  @Test
  void requirementsAndMissingInputs() {
    assertEquals(
        EnumSet.of(GradientSource.RETAIN_KL, GradientSource.RETAIN_LOSS, GradientSource.FORGET_KL),
        Baseline.SCRUB.requires());
    assertEquals(EnumSet.of(GradientSource.RETAIN_LOSS), Baseline.FT.requires());
    BaselineRule kl = new BaselineRule(BaselineConfig.defaults(Baseline.KL, LR));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> kl.plan(StepInputs.ofLosses(g(GR), g(GF))));
    assertTrue(e.getMessage().contains("RETAIN_KL"), e.getMessage());
    IllegalArgumentException lr =
        assertThrows(IllegalArgumentException.class, () -> BaselineConfig.defaults(Baseline.FT, 0));
    assertTrue(lr.getMessage().startsWith("learningRate:"), lr.getMessage());
  }
}
