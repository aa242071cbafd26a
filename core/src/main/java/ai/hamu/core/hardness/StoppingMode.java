package ai.hamu.core.hardness;

import static ai.hamu.core.hardness.TensorGeometry.EPS;

import ai.hamu.core.config.ConfigChoice;

/**
 * How a tensor's contribution to the stopping criterion is computed (hamu-algorithm.md §4). The
 * contribution is the largest first-order forget gain reachable inside radius R without raising the
 * retain loss; stopping fires when the requested total gain exceeds the sum of contributions.
 */
public enum StoppingMode implements ConfigChoice {
  /**
   * The reference code's term R·‖g_f‖·√(1 − κ²) for every tensor. It also shrinks for strongly
   * anti-aligned (easy) tensors, so it can report collateral damage where the direct retain step
   * actually lowers the retain loss (§4.4).
   */
  REFERENCE("reference"),
  /**
   * The sign-aware term (default): R·‖g_f‖·√(1 − κ²) when κ ≥ 0, but R·‖g_f‖ when κ < 0, since then
   * moving along g_f itself lowers the retain loss. Per tensor it fires exactly when κ > κ2.
   */
  SIGN_AWARE("sign-aware");

  private final String configName;

  StoppingMode(String configName) {
    this.configName = configName;
  }

  @Override
  public String configName() {
    return configName;
  }

  /** The tensor's stopping term for the given (effective) geometry and radius. */
  public double term(TensorGeometry g, double radius) {
    double orthogonal = radius * g.crossNorm() / Math.max(g.retainNorm(), EPS);
    if (this == SIGN_AWARE && g.dot() < 0) {
      return radius * g.forgetNorm();
    }
    return orthogonal;
  }
}
