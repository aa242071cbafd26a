package ai.hamu.core.unlearn;

/** Why an unlearning run ended. */
public enum RunStopReason {
  /** The configured number of iterations was run. */
  ITERATION_LIMIT,
  /** The requested forget-loss increase over the original model was reached. */
  TARGET_REACHED,
  /** The forgetting target was met. */
  FORGOTTEN,
  /**
   * The stopping criterion was met with stopping enabled: collateral forgetting became unavoidable.
   */
  STOPPING_CRITERION,
  /** A step was infeasible under the STOP policy. */
  INFEASIBLE,
  /**
   * The trust radius fell below the collapse limit: every step size down to it damaged the retained
   * rows or overshot the target (the last step undone), or gained under a tenth of its predicted
   * forget-loss rise (the forget loss stopped rising).
   */
  STEP_COLLAPSED,
  /**
   * The rule planned a step of length zero: a gradient it scales the step by vanished (HAMU's lr
   * radius is lr·‖g_r‖, zero where the retained rows' loss is flat to first order).
   */
  NO_STEP
}
