package ai.hamu.core.unlearn;

import java.util.Objects;

/**
 * When an unlearning loop ends, besides a step that is not applied, and how it sizes its steps.
 *
 * @param maxIterations iterations to run at most (≥ 0; 0 returns the original weights)
 * @param targetForgetIncrease stop once the mean forget loss exceeds the original's by this much;
 *     {@code +∞} disables it
 * @param stepControl how steps are sized and how much retain damage is accepted
 */
public record LoopConfig(int maxIterations, double targetForgetIncrease, StepControl stepControl) {

  public LoopConfig {
    Objects.requireNonNull(stepControl, "stepControl");
    if (maxIterations < 0) {
      throw new IllegalArgumentException("maxIterations: expected >= 0, got " + maxIterations);
    }
    if (!(targetForgetIncrease > 0)) {
      throw new IllegalArgumentException(
          "targetForgetIncrease: expected a value > 0 (or +Infinity to disable), got "
              + targetForgetIncrease);
    }
  }

  /**
   * {@code maxIterations} iterations with no forget-loss target, steps as planned (the reference's
   * loop).
   */
  public static LoopConfig iterations(int maxIterations) {
    return new LoopConfig(maxIterations, Double.POSITIVE_INFINITY, StepControl.AS_PLANNED);
  }

  /** {@code maxIterations} iterations sized by {@code control}, with no forget-loss target. */
  public static LoopConfig controlled(int maxIterations, StepControl control) {
    return new LoopConfig(maxIterations, Double.POSITIVE_INFINITY, control);
  }
}
