package ai.hamu.core.baseline;

import ai.hamu.core.config.ConfigChoice;

/**
 * When GRU and PCGrad treat the retain and forget objectives as conflicting (hamu-algorithm.md §8,
 * §11.12). With raw loss gradients, forgetting (ascent on L_f) raises L_r when g_r·g_f > 0.
 */
public enum ProjectionSign implements ConfigChoice {
  /** Project when g_r·g_f > 0, the actual conflict (the published GRU/PCGrad rule; the default). */
  TEXTBOOK("textbook"),
  /** Project when g_r·g_f < 0, as the reference code does (for reproducing its numbers). */
  REFERENCE("reference");

  private final String configName;

  ProjectionSign(String configName) {
    this.configName = configName;
  }

  @Override
  public String configName() {
    return configName;
  }

  /** Whether a model-wide dot product {@code dot} = g_r·g_f triggers the projection. */
  public boolean projects(double dot) {
    return this == TEXTBOOK ? dot > 0 : dot < 0;
  }
}
