package ai.hamu.core.solve;

/**
 * Which case of the closed-form solution produced a tensor's update (hamu-algorithm.md §3.3, in
 * evaluation order).
 */
public enum Branch {
  /** ‖g_f‖² < ε and B > ε: no direction raises the forget loss; δ = 0 when continuing. */
  ZERO_FORGET_GRADIENT,
  /** B/‖g_f‖ > R: the constraint cannot be met inside the radius. */
  INFEASIBLE,
  /** κ ≤ κ1: the plain retain-descent step δ = −(R/‖g_r‖)·g_r already meets the constraint. */
  DIRECT,
  /** g_r parallel to g_f (‖g_⊥‖ < ε): the minimum-norm ascent δ = (B/‖g_f‖²)·g_f. */
  COLINEAR,
  /**
   * Everything else: δ = (B/‖g_f‖²)·g_f − √(R² − B²/‖g_f‖²)·ĝ_⊥, meeting the constraint with
   * equality on the sphere.
   */
  RECTIFIED
}
