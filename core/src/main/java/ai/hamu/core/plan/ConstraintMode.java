package ai.hamu.core.plan;

import ai.hamu.core.config.ConfigChoice;

/**
 * How the step's constraint B is set.
 *
 * <p>The reference fixes B for the whole run. With full-batch gradients of a converged model the
 * reachable first-order gain Σ_l R_l‖g_f,l‖ is often orders of magnitude below the reference's B =
 * 0.5·lr, so a fixed B is infeasible at once and the run changes nothing. A feasibility target
 * instead requests a fixed fraction of what the step can reach, which keeps every step feasible and
 * keeps the hardness test meaningful: with the gradient-norm split every tensor's feasibility ratio
 * c equals the target, so the stopping criterion fires when the target exceeds the
 * gradient-weighted mean of the tensors' sin∠(g_r, g_f).
 */
public enum ConstraintMode implements ConfigChoice {
  /** B is the configured constant (the reference's behaviour). */
  ABSOLUTE("absolute"),
  /**
   * B = c*·Σ_l R_l‖g_f,l‖ each step (model-wide: c*·R‖g_f‖ in full-gradient mode), where the
   * configured value is the target c* in [0, 1].
   */
  FEASIBILITY_TARGET("feasibility");

  private final String configName;

  ConstraintMode(String configName) {
    this.configName = configName;
  }

  @Override
  public String configName() {
    return configName;
  }
}
