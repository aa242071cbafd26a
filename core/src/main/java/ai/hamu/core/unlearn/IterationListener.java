package ai.hamu.core.unlearn;

/** Observes an unlearning loop: called before each iteration starts and after it is recorded. */
public interface IterationListener {

  /** A listener that does nothing. */
  IterationListener NONE = new IterationListener() {};

  /** Iteration {@code iteration} (0-based) of at most {@code maxIterations} is about to start. */
  default void beforeIteration(int iteration, int maxIterations) {}

  /** Iteration {@code record.iteration()} has been planned (and applied if its plan says so). */
  default void afterIteration(IterationRecord record) {}

  /**
   * Iteration {@code state.nextIteration() - 1} was applied and the loop will go on (if the limit
   * allows): {@code state} resumes the run from here. It shares the loop's weights, which change in
   * the next iteration, so a listener that keeps it must copy them.
   */
  default void atBoundary(LoopState state) {}
}
