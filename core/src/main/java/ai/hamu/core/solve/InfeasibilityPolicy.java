package ai.hamu.core.solve;

import ai.hamu.core.config.ConfigChoice;

/**
 * What to do when a tensor's constraint cannot be met inside its radius (hamu-algorithm.md §6.3).
 */
public enum InfeasibilityPolicy implements ConfigChoice {
  /** Discard the whole step and stop the run (the reference default). */
  STOP("stop"),
  /**
   * Take the over-radius ascent step (B/‖g_f‖²)·g_f (δ = 0 for a zero forget gradient) and
   * continue.
   */
  CONTINUE("continue");

  private final String configName;

  InfeasibilityPolicy(String configName) {
    this.configName = configName;
  }

  @Override
  public String configName() {
    return configName;
  }
}
