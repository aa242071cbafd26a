package ai.hamu.core.solve;

import static ai.hamu.core.hardness.TensorGeometry.EPS;

import ai.hamu.core.hardness.Hardness;
import ai.hamu.core.hardness.StoppingMode;
import ai.hamu.core.hardness.TensorGeometry;
import ai.hamu.core.model.Vectors;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The closed-form per-tensor HAMU update (hamu-algorithm.md §3):
 *
 * <pre>
 *   minimise g_r·δ   subject to   g_f·δ ≥ B,  ‖δ‖ ≤ R
 * </pre>
 *
 * on the effective gradients of the variant. Branches are tested in the reference order (zero
 * forget gradient, infeasible, direct, colinear, rectified); every division is guarded by ε = 1e-12
 * and exact boundary cases go to "direct". Arithmetic is double precision throughout.
 */
public final class HamuTensorSolver {

  private final StoppingMode stoppingMode;

  /** A solver whose diagnostics report the stopping term of the given mode. */
  public HamuTensorSolver(StoppingMode stoppingMode) {
    this.stoppingMode = Objects.requireNonNull(stoppingMode, "stoppingMode");
  }

  /** Solves one tensor's problem; {@code name} labels the diagnostics. */
  public TensorSolution solve(String name, TensorProblem p) {
    INDArray gr = p.variant().effectiveRetain(p.gRetain(), p.gForget());
    INDArray gf = p.variant().effectiveForget(p.gRetain(), p.gForget());
    TensorGeometry g = p.geometry();
    double b = p.constraint();
    double fNormSq = g.forgetNormSquared();
    double radius = p.radiusRule().radius(g.retainNorm());
    double sR = Math.max(g.retainNorm(), EPS);
    double sF2 = Math.max(fNormSq, EPS);
    double disc = radius * radius - b * b / sF2;
    Hardness hardness = Hardness.of(g, b, radius);

    INDArray delta;
    Branch branch;
    boolean failed = false;
    double perpNorm = Double.NaN;
    if (!g.canGain()) {
      if (b <= EPS) {
        branch = Branch.DIRECT;
        delta = gr.mul(-radius / sR);
      } else {
        failed = true;
        branch =
            p.policy() == InfeasibilityPolicy.STOP
                ? Branch.INFEASIBLE
                : Branch.ZERO_FORGET_GRADIENT;
        delta = p.policy() == InfeasibilityPolicy.STOP ? nanLike(gr) : gr.mul(0.0);
      }
    } else if (disc < 0) {
      failed = true;
      branch = Branch.INFEASIBLE;
      // over-radius ascent B/‖g_f‖² · g_f; none when that is not a finite number (a saturated,
      // unreachable share of B: ConstraintSplit), rather than weights of ±∞
      delta =
          p.policy() == InfeasibilityPolicy.STOP
              ? nanLike(gr)
              : Double.isFinite(b / sF2) ? gf.mul(b / sF2) : gr.mul(0.0);
    } else if (g.dot() <= hardness.threshold()) {
      branch = Branch.DIRECT;
      delta = gr.mul(-radius / sR);
    } else {
      INDArray gPerp = gr.sub(gf.mul(g.dot() / sF2));
      perpNorm = p.globalPerpNorm().orElseGet(() -> Vectors.norm(gPerp));
      if (perpNorm < EPS) {
        branch = Branch.COLINEAR;
        delta = gf.mul(b / sF2);
      } else {
        branch = Branch.RECTIFIED;
        double s = b <= EPS ? radius : Math.sqrt(disc);
        delta = gPerp.muli(-s / Math.max(perpNorm, EPS)).addi(gf.mul(b / sF2));
      }
    }

    boolean nan = failed && p.policy() == InfeasibilityPolicy.STOP;
    double forgetChange = nan ? Double.NaN : Vectors.dot(p.gForget(), delta);
    double retainChange = nan ? Double.NaN : Vectors.dot(p.gRetain(), delta);
    double deltaNorm = nan ? Double.NaN : Vectors.norm(delta);
    TensorDiagnostics d =
        new TensorDiagnostics(
            name,
            branch,
            failed,
            nan,
            radius,
            b,
            g.retainNorm(),
            g.forgetNorm(),
            perpNorm,
            g.dot(),
            hardness,
            stoppingMode.term(g, radius),
            b / Math.max(p.radiusRule().stepScale(), EPS),
            forgetChange,
            retainChange,
            deltaNorm);
    return new TensorSolution(delta, d);
  }

  private static INDArray nanLike(INDArray a) {
    return a.ulike().assign(Double.NaN);
  }
}
