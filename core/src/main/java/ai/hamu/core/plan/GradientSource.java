package ai.hamu.core.plan;

/** The batch-mean gradients an update rule may need; executors compute only the ones required. */
public enum GradientSource {
  /** ∇ mean retain loss, g_r. */
  RETAIN_LOSS,
  /** ∇ mean forget loss, g_f (the raw loss, not its negation). */
  FORGET_LOSS,
  /** ∇ mean KL(p_original ‖ p_model) on retain rows. */
  RETAIN_KL,
  /** ∇ mean KL(p_original ‖ p_model) on forget rows. */
  FORGET_KL
}
