package ai.hamu.core.solve;

import ai.hamu.core.hardness.Hardness;

/**
 * Everything the solver decided and measured for one tensor. Norms, dot product and hardness are of
 * the effective gradients (swapped for HAMU-U, model-wide in full-gradient mode) as the solver used
 * them; the realised changes are in the original variables: g_f·δ (first-order forget-loss change)
 * and g_r·δ (first-order retain-loss change).
 *
 * @param name tensor (block) name
 * @param branch the branch taken
 * @param failedFeasibility the constraint could not be met within the radius
 * @param nanInDelta δ is NaN-filled (infeasible under the STOP policy)
 * @param radius R
 * @param constraint per-tensor B
 * @param retainNorm ‖g_r‖ (effective)
 * @param forgetNorm ‖g_f‖ (effective)
 * @param perpNorm ‖g_⊥‖ used to normalise the orthogonal part (NaN if not computed)
 * @param dot g_r·g_f
 * @param hardness κ, c, κ1, κ2, threshold, F_r*
 * @param stoppingTerm this tensor's stopping term under the chosen stopping mode
 * @param stoppingThreshold B/lr, the reference's per-tensor stopping threshold
 * @param realisedForgetChange g_f·δ with the original forget gradient (NaN if δ is NaN)
 * @param realisedRetainChange g_r·δ with the original retain gradient (NaN if δ is NaN)
 * @param deltaNorm ‖δ‖ (NaN if δ is NaN)
 */
public record TensorDiagnostics(
    String name,
    Branch branch,
    boolean failedFeasibility,
    boolean nanInDelta,
    double radius,
    double constraint,
    double retainNorm,
    double forgetNorm,
    double perpNorm,
    double dot,
    Hardness hardness,
    double stoppingTerm,
    double stoppingThreshold,
    double realisedForgetChange,
    double realisedRetainChange,
    double deltaNorm) {}
