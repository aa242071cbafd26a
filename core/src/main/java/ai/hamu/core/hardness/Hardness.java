package ai.hamu.core.hardness;

import static ai.hamu.core.hardness.TensorGeometry.EPS;

/**
 * HAMU's hardness measures for one tensor (hamu-algorithm.md §3.4): κ = cos∠(g_r, g_f), the
 * feasibility ratio c = B/(R‖g_f‖), κ1 = −c (at or below it the direct retain step suffices), κ2 =
 * √(1 − c²) (above it collateral forgetting is unavoidable at first order), and the minimum
 * first-order retain cost F_r* of gaining B on the forget loss.
 *
 * @param kappa κ
 * @param feasibility c; the problem is feasible iff c ≤ 1
 * @param kappa1 κ1 = −c
 * @param kappa2 κ2 = √(1 − c²), NaN when infeasible
 * @param threshold the direct-branch threshold on dp, −B‖g_r‖/R
 * @param minimumRetainCost F_r* = −R‖g_r‖ for κ ≤ κ1, else R‖g_r‖·cos(arccos κ + arccos c); NaN
 *     when infeasible
 */
public record Hardness(
    double kappa,
    double feasibility,
    double kappa1,
    double kappa2,
    double threshold,
    double minimumRetainCost) {

  /**
   * Hardness of gaining {@code constraint} within {@code radius} for gradients of the given
   * geometry.
   */
  public static Hardness of(TensorGeometry g, double constraint, double radius) {
    double kappa = g.kappa();
    double sF = Math.sqrt(Math.max(g.forgetNorm() * g.forgetNorm(), EPS));
    double c = (constraint / sF) / Math.max(radius, EPS);
    double threshold = -constraint * Math.max(g.retainNorm(), EPS) / Math.max(radius, EPS);
    boolean feasible = c <= 1.0;
    double kappa2 = feasible ? Math.sqrt(1.0 - c * c) : Double.NaN;
    double cost;
    if (!feasible) {
      cost = Double.NaN;
    } else if (kappa <= -c) {
      cost = -radius * g.retainNorm();
    } else {
      cost = radius * g.retainNorm() * (kappa * c - Math.sqrt(1.0 - kappa * kappa) * kappa2);
    }
    return new Hardness(kappa, c, -c, kappa2, threshold, cost);
  }

  /** The angle between the gradients in degrees, arccos κ. */
  public double angleDegrees() {
    return Math.toDegrees(Math.acos(kappa));
  }

  /**
   * True when the problem is feasible and κ > κ2: any update gaining B must raise the retain loss.
   */
  public boolean collateral() {
    return feasibility <= 1.0 && kappa > kappa2;
  }
}
