package ai.hamu.core.plan;

import ai.hamu.core.model.ParameterBlocks;

/**
 * A gradient clipped to a maximum global L2 norm with the rule g ← g·min(1, max/(‖g‖ + 1e-6))
 * (hamu-algorithm.md §6.2, §11.5).
 *
 * @param gradient the clipped gradient (a new instance)
 * @param normBefore the global norm before clipping
 * @param factor the factor applied, in (0, 1]
 */
public record ClippedGradient(ParameterBlocks gradient, double normBefore, double factor) {

  /**
   * Clips {@code g} to global norm {@code maxNorm}; {@code g} is not modified. Infinite max
   * disables clipping.
   */
  public static ClippedGradient clip(ParameterBlocks g, double maxNorm) {
    double norm = g.norm();
    double factor = Math.min(1.0, maxNorm / (norm + 1e-6));
    return new ClippedGradient(g.scaled(factor), norm, factor);
  }
}
