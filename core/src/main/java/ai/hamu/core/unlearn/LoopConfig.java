package ai.hamu.core.unlearn;

/**
 * When an unlearning loop ends, besides a step that is not applied.
 *
 * @param maxIterations        iterations to run at most (≥ 0; 0 returns the original weights)
 * @param targetForgetIncrease stop once the mean forget loss exceeds the original's by this much;
 *                             {@code +∞} (the default) disables it
 */
public record LoopConfig(int maxIterations, double targetForgetIncrease) {

  public LoopConfig {
    if (maxIterations < 0) {
      throw new IllegalArgumentException("maxIterations: expected >= 0, got " + maxIterations);
    }
    if (!(targetForgetIncrease > 0)) {
      throw new IllegalArgumentException("targetForgetIncrease: expected a value > 0 (or +Infinity to disable), got "
          + targetForgetIncrease);
    }
  }

  /** {@code maxIterations} iterations with no forget-loss target. */
  public static LoopConfig iterations(int maxIterations) {
    return new LoopConfig(maxIterations, Double.POSITIVE_INFINITY);
  }
}
