package ai.hamu.spark.schedule;

/** A cancel marker or SIGTERM stopped the run at an iteration boundary; nothing is published. */
public final class RunCancelledException extends RuntimeException {

  private final int iteration;

  public RunCancelledException(int iteration, String why) {
    super("cancelled before iteration " + iteration + ": " + why);
    this.iteration = iteration;
  }

  /** The iteration that was not started. */
  public int iteration() {
    return iteration;
  }
}
