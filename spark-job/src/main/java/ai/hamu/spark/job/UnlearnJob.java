package ai.hamu.spark.job;

import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-submit} entry point: {@code UnlearnJob --config job.properties [key=value ...]}.
 * Configuration is validated before Spark starts. Exit codes: 0 success, 2 invalid configuration
 * or input, 1 any other failure. A Spark session that already exists (a notebook's, a test's) is
 * used and left running; one created here is stopped at the end.
 */
public final class UnlearnJob {

  /** Exit code for a successful run. */
  public static final int OK = 0;
  /** Exit code for an unexpected failure. */
  public static final int FAILED = 1;
  /** Exit code for an invalid configuration or input. */
  public static final int INVALID = 2;

  private UnlearnJob() {
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the job and returns its exit code (never calls {@code System.exit}). */
  public static int run(String[] args) {
    JobConfig config;
    try {
      config = JobConfig.from(JobSettings.fromArgs(args));
    } catch (IllegalArgumentException e) {
      System.err.println("hamu: invalid configuration: " + e.getMessage());
      return INVALID;
    }
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSession.builder().appName("hamu-unlearn").getOrCreate();
    try {
      JobOutcome outcome = new UnlearningJob(spark, System.out).run(config);
      var before = outcome.result().before();
      var after = outcome.result().after();
      System.out.printf(Locale.ROOT, "stopped: %s after %d iterations%n", outcome.result().result().stopReason(),
          outcome.result().result().history().size());
      System.out.printf(Locale.ROOT, "forget accuracy %.4f -> %.4f, loss %.4f -> %.4f; retain accuracy %.4f -> %.4f%n",
          before.forget().accuracy(), after.forget().accuracy(), before.forget().loss(), after.forget().loss(),
          before.retain().accuracy(), after.retain().accuracy());
      System.out.println("verdict: " + outcome.verdict().recommendation());
      System.out.println("model written to " + outcome.outputPath());
      System.out.println("report written to " + outcome.reportPath());
      System.out.println("HTML report written to " + config.htmlReportPath());
      return OK;
    } catch (Throwable t) {
      IllegalArgumentException invalid = invalidInput(t);
      if (invalid != null) {
        System.err.println("hamu: invalid input: " + invalid.getMessage());
        return INVALID;
      }
      System.err.println("hamu: failed: " + t);
      t.printStackTrace();
      return FAILED;
    } finally {
      if (ownSession) {
        spark.stop();
      }
    }
  }

  /** The invalid-input error behind {@code t}, also when it was raised in a Spark task. */
  public static IllegalArgumentException invalidInput(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IllegalArgumentException e) {
        return e;
      }
      if (c instanceof ai.hamu.core.io.ModelFormatException e) {
        return new IllegalArgumentException(e.getMessage(), e);
      }
    }
    return null;
  }
}
