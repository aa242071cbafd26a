package ai.hamu.core.solve;

import static ai.hamu.core.solve.FeasibleSetOracle.dot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.hardness.StoppingMode;
import ai.hamu.core.testing.SeededData;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Properties of the solver over thousands of seeded random problems in several dimensions, checked
 * against {@link FeasibleSetOracle} (a generic projected-gradient optimiser) and against random
 * feasible directions: feasibility of δ, optimality of g_r·δ, HAMU-U's swapped constraints, and
 * that every branch is reached.
 */
class HamuTensorSolverPropertyTest {

  private static final int[] DIMS = {2, 3, 5, 20};
  private static final double TOL = 1e-9;

  private final HamuTensorSolver solver = new HamuTensorSolver(StoppingMode.SIGN_AWARE);

  /** A random problem in original variables: gradients, B and R, biased towards every branch. */
  private record Problem(double[] gr, double[] gf, double b, double r) {}

  private static Problem randomProblem(Random random) {
    int n = DIMS[random.nextInt(DIMS.length)];
    double[] gr = SeededData.gaussianVector(random, n);
    double[] gf = SeededData.gaussianVector(random, n);
    double kind = random.nextDouble();
    if (kind < 0.05) {
      gf = new double[n]; // zero forget gradient
    } else if (kind < 0.12) {
      double alpha = random.nextGaussian();
      for (int i = 0; i < n; i++) {
        gf[i] = alpha * gr[i]; // colinear
      }
    } else if (kind < 0.3) {
      for (int i = 0; i < n; i++) {
        gf[i] = -gr[i] + 0.2 * gf[i]; // strongly anti-aligned: direct branch
      }
    }
    double r = 0.1 + 2 * random.nextDouble();
    double fNorm = Math.sqrt(dot(gf, gf));
    double b =
        random.nextDouble() < 0.05 ? 0 : random.nextDouble() * 1.3 * r * Math.max(fNorm, 0.5);
    return new Problem(gr, gf, b, r);
  }

  private TensorSolution solve(Variant variant, Problem p, InfeasibilityPolicy policy) {
    return solver.solve(
        "t",
        TensorProblem.local(
            variant,
            Nd4j.createFromArray(p.gr()),
            Nd4j.createFromArray(p.gf()),
            p.b(),
            new RadiusRule.Fixed(p.r()),
            policy));
  }

  @Test
  void feasibleSolutionsMeetTheConstraintAndBeatRandomFeasibleDirections() {
    Random random = new Random(20260601L);
    Set<Branch> seen = EnumSet.noneOf(Branch.class);
    int feasibleCount = 0;
    for (int trial = 0; trial < 3000; trial++) {
      Problem p = randomProblem(random);
      TensorSolution s = solve(Variant.HAMU_Q, p, InfeasibilityPolicy.STOP);
      seen.add(s.diagnostics().branch());
      boolean feasible = p.b() <= p.r() * Math.sqrt(dot(p.gf(), p.gf())) - 1e-12;
      if (s.diagnostics().failedFeasibility()) {
        assertTrue(
            !feasible || p.b() > 0,
            "trial " + trial + ": reported infeasible although B/‖g_f‖ <= R");
        continue;
      }
      feasibleCount++;
      double[] delta = s.delta().toDoubleVector();
      double scale = 1 + p.r() * Math.sqrt(dot(p.gr(), p.gr()));
      assertTrue(dot(p.gf(), delta) >= p.b() - TOL * scale, "trial " + trial + ": g_f·δ < B");
      assertTrue(Math.sqrt(dot(delta, delta)) <= p.r() * (1 + TOL), "trial " + trial + ": ‖δ‖ > R");
      double objective = dot(p.gr(), delta);
      FeasibleSetOracle oracle = new FeasibleSetOracle(p.gf(), p.b(), p.r());
      for (int k = 0; k < 10; k++) {
        double[] candidate = oracle.project(SeededData.gaussianVector(random, delta.length), 80);
        if (dot(p.gf(), candidate) >= p.b() - 1e-9
            && Math.sqrt(dot(candidate, candidate)) <= p.r() * (1 + 1e-9)) {
          assertTrue(
              objective <= dot(p.gr(), candidate) + 1e-7 * scale,
              "trial " + trial + ": a random feasible direction has lower retain cost");
        }
      }
    }
    assertTrue(feasibleCount > 1500, "enough feasible problems were drawn: " + feasibleCount);
    assertEquals(
        EnumSet.of(Branch.INFEASIBLE, Branch.DIRECT, Branch.COLINEAR, Branch.RECTIFIED),
        seen,
        "every branch reachable under the STOP policy");
    Problem zero = new Problem(new double[] {1, 2}, new double[] {0, 0}, 0.3, 1);
    assertEquals(
        Branch.ZERO_FORGET_GRADIENT,
        solve(Variant.HAMU_Q, zero, InfeasibilityPolicy.CONTINUE).diagnostics().branch());
  }

  @Test
  void matchesAGenericProjectedGradientOptimiser() {
    Random random = new Random(7L);
    int compared = 0;
    for (int trial = 0; trial < 300; trial++) {
      Problem p = randomProblem(random);
      TensorSolution s = solve(Variant.HAMU_Q, p, InfeasibilityPolicy.STOP);
      if (s.diagnostics().failedFeasibility()) {
        continue;
      }
      FeasibleSetOracle oracle = new FeasibleSetOracle(p.gf(), p.b(), p.r());
      double[] pgd = oracle.minimise(p.gr(), 400);
      if (!oracle.feasible(pgd, 1e-9)) {
        continue; // the generic optimiser did not reach the feasible set; nothing to compare
      }
      double scale = p.r() * Math.sqrt(dot(p.gr(), p.gr()));
      double hamu = s.diagnostics().realisedRetainChange();
      double generic = dot(p.gr(), pgd);
      assertTrue(
          hamu <= generic + 1e-6 * scale,
          "trial "
              + trial
              + ": generic optimiser found "
              + generic
              + " < HAMU "
              + hamu
              + " branch "
              + s.diagnostics().branch()
              + " pgd gf·δ="
              + dot(p.gf(), pgd)
              + " B="
              + p.b()
              + " ‖pgd‖="
              + Math.sqrt(dot(pgd, pgd))
              + " R="
              + p.r());
      assertTrue(
          Math.abs(hamu - generic) <= 2e-2 * scale,
          "trial " + trial + ": optimiser did not converge near " + hamu + ", got " + generic);
      compared++;
    }
    assertTrue(compared > 150, "compared " + compared + " feasible problems");
  }

  @Test
  void hamuUObeysItsSwappedConstraints() {
    Random random = new Random(99L);
    int checked = 0;
    for (int trial = 0; trial < 2000; trial++) {
      Problem p = randomProblem(random);
      TensorSolution s = solve(Variant.HAMU_U, p, InfeasibilityPolicy.STOP);
      if (s.diagnostics().failedFeasibility()) {
        continue;
      }
      double[] delta = s.delta().toDoubleVector();
      double[] negGr = negate(p.gr());
      double scale = 1 + p.r() * Math.sqrt(dot(p.gf(), p.gf()));
      assertTrue(
          dot(p.gr(), delta) <= -p.b() + TOL * scale,
          "trial " + trial + ": retain must fall by >= B");
      assertTrue(Math.sqrt(dot(delta, delta)) <= p.r() * (1 + TOL), "trial " + trial + ": ‖δ‖ > R");
      // optimal for: minimise −g_f·δ s.t. −g_r·δ ≥ B, ‖δ‖ ≤ R
      FeasibleSetOracle oracle = new FeasibleSetOracle(negGr, p.b(), p.r());
      double[] pgd = trial % 10 == 0 ? oracle.minimise(negate(p.gf()), 400) : null;
      if (pgd != null && oracle.feasible(pgd, 1e-9)) {
        assertTrue(
            -dot(p.gf(), delta) <= -dot(p.gf(), pgd) + 1e-6 * scale,
            "trial " + trial + ": not optimal");
      }
      checked++;
    }
    assertTrue(checked > 1000, "checked " + checked);
  }

  private static double[] negate(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = -x[i];
    }
    return y;
  }
}
