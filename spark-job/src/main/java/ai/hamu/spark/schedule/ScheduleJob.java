package ai.hamu.spark.schedule;

import ai.hamu.core.unlearn.IterationListener;
import ai.hamu.spark.job.UnlearnJob;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-submit} entry point of a scheduled deletion run: {@code ScheduleJob --config
 * hamu-schedule.properties [key=value ...]}. Configuration is validated before Spark starts. Exit
 * codes: 0 published (the unlearned model, or with the retrain fallback a retrained one), nothing
 * pending or already published; 2 invalid configuration or input (including a ledger written by a
 * newer version); 3 another run holds the lock; 4 cancelled (nothing published); 5 not forgotten
 * with the retrain fallback off (nothing published); 1 any other failure.
 */
public final class ScheduleJob {

  /** Exit code when another run holds the schedule's lock. */
  public static final int LOCKED = 3;

  /** Exit code when the run was cancelled. */
  public static final int CANCELLED = 4;

  private ScheduleJob() {}

  public static void main(String[] args) {
    System.exit(run(args, true));
  }

  /** Runs one scheduled batch and returns its exit code (never calls {@code System.exit}). */
  public static int run(String[] args, boolean catchSigterm) {
    ScheduleConfig config;
    try {
      config = ScheduleConfig.fromArgs(args, Instant.now());
    } catch (IllegalArgumentException e) {
      System.err.println("hamu: invalid configuration: " + e.getMessage());
      return UnlearnJob.INVALID;
    }
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSession.builder().appName("hamu-schedule").getOrCreate();
    try {
      ScheduleOutcome outcome =
          new ScheduledRun(spark, System.out, IterationListener.NONE, catchSigterm).run(config);
      return switch (outcome.kind()) {
        case CANCELLED -> CANCELLED;
        case NOT_FORGOTTEN -> UnlearnJob.NOT_FORGOTTEN;
        case NOTHING_PENDING, ALREADY_PUBLISHED, PUBLISHED -> UnlearnJob.OK;
      };
    } catch (LockHeldException e) {
      System.err.println("hamu: refused: " + e.getMessage());
      return LOCKED;
    } catch (Throwable t) {
      return UnlearnJob.exitCodeOf(t, System.err);
    } finally {
      if (ownSession) {
        spark.stop();
      }
    }
  }
}
