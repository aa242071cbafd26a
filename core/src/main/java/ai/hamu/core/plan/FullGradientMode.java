package ai.hamu.core.plan;

import ai.hamu.core.config.ConfigChoice;

/**
 * Whether HAMU's geometry is per tensor or model-wide (hamu-algorithm.md §5.5). Model-wide modes
 * ignore the constraint split: every tensor sees the full B and the global norms and dot product.
 */
public enum FullGradientMode implements ConfigChoice {
  /** Per-tensor geometry (the default). */
  OFF("off"),
  /**
   * The reference's full-gradient mode: global scalars, but each tensor's orthogonal component is
   * normalised by its own norm, so the combined step is not the global optimum.
   */
  REFERENCE_PER_TENSOR_NORMALISATION("reference"),
  /** The exact global solution: the orthogonal component is normalised by its model-wide norm. */
  EXACT_GLOBAL("exact");

  private final String configName;

  FullGradientMode(String configName) {
    this.configName = configName;
  }

  @Override
  public String configName() {
    return configName;
  }
}
