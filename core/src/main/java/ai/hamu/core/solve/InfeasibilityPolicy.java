package ai.hamu.core.solve;

/** What to do when a tensor's constraint cannot be met inside its radius (hamu-algorithm.md §6.3). */
public enum InfeasibilityPolicy {
  /** Discard the whole step and stop the run (the reference default). */
  STOP,
  /** Take the over-radius ascent step (B/‖g_f‖²)·g_f (δ = 0 for a zero forget gradient) and continue. */
  CONTINUE
}
