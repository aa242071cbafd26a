package ai.hamu.spark.schedule;

/** Another run holds the schedule's lock and it has not expired: this run must not proceed. */
public final class LockHeldException extends RuntimeException {

  public LockHeldException(String message) {
    super(message);
  }
}
