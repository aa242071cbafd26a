package ai.hamu.spark.job;

import ai.hamu.spark.data.DataFrames;
import ai.hamu.spark.data.InvalidInputException;
import ai.hamu.spark.io.StorageOutage;
import ai.hamu.spark.report.Verdict;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-submit} entry point: {@code UnlearnJob --config job.properties [key=value ...]}.
 * Configuration is validated before Spark starts. Exit codes: 0 the rows are forgotten (or the
 * forgetting target was turned off and the model moved without damage), 5 not forgotten (budget
 * spent, model unchanged or damaged), 6 escalate (retain damage unavoidable: retrain without the
 * rows) — in both cases the model and the report are written for inspection, and the report's
 * verdict says why — 2 invalid configuration or input (an {@link InvalidInputException}, also when
 * a Spark task raised it: one line on stderr), 1 any other failure (with its stack trace). A Spark
 * session that already exists (a notebook's, a test's) is used and left running; one created here
 * is stopped at the end.
 */
public final class UnlearnJob {

  /** Exit code for a successful run. */
  public static final int OK = 0;

  /** Exit code for an unexpected failure. */
  public static final int FAILED = 1;

  /** Exit code for an invalid configuration or input. */
  public static final int INVALID = 2;

  /**
   * Exit code for a run that ended without forgetting the rows (budget spent, model unchanged or
   * damaged).
   */
  public static final int NOT_FORGOTTEN = 5;

  /**
   * Exit code for a run whose verdict is escalate: forgetting further would damage the retained
   * rows.
   */
  public static final int ESCALATE = 6;

  private UnlearnJob() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the job and returns its exit code (never calls {@code System.exit}). */
  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  /**
   * Runs the job printing progress to {@code out} and errors to {@code err}; returns the exit code.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    JobConfig config;
    try {
      config = JobConfig.from(JobSettings.fromArgs(args));
    } catch (InvalidInputException e) {
      err.println("hamu: invalid configuration: " + e.getMessage());
      return INVALID;
    }
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSession.builder().appName("hamu-unlearn").getOrCreate();
    try {
      JobOutcome outcome = new UnlearnJobRunner(spark, out).run(config);
      var before = outcome.result().before();
      var after = outcome.result().after();
      out.printf(
          Locale.ROOT,
          "stopped: %s after %d iterations%n",
          outcome.result().result().stopReason(),
          outcome.result().result().history().size());
      out.printf(
          Locale.ROOT,
          "forget accuracy %.4f -> %.4f, loss %.4f -> %.4f; retain accuracy %.4f -> %.4f%n",
          before.forget().accuracy(),
          after.forget().accuracy(),
          before.forget().loss(),
          after.forget().loss(),
          before.retain().accuracy(),
          after.retain().accuracy());
      out.println(
          "verdict: " + outcome.verdict().outcome() + ": " + outcome.verdict().recommendation());
      out.println("model written to " + outcome.outputPath());
      out.println("report written to " + outcome.reportPath());
      out.println("HTML report written to " + config.htmlReportPath());
      return exitCodeOf(outcome.verdict());
    } catch (Throwable t) {
      return exitCodeOf(t, err);
    } finally {
      if (ownSession) {
        spark.stop();
      }
    }
  }

  /** The exit code of a finished run with {@code verdict}. */
  public static int exitCodeOf(Verdict verdict) {
    return switch (verdict.outcome()) {
      case FORGOTTEN, UNVERIFIED -> OK;
      case NOT_FORGOTTEN -> NOT_FORGOTTEN;
      case ESCALATE -> ESCALATE;
    };
  }

  /**
   * Reports the failure {@code t} of a command on {@code err} and returns its exit code: {@link
   * #INVALID} with the one-line message for invalid input, {@link #FAILED} with the stack trace
   * otherwise — also for a {@link StorageOutage} met while reading an input, which a later run may
   * not meet.
   */
  public static int exitCodeOf(Throwable t, PrintStream err) {
    if (StorageOutage.in(t)) {
      err.println(
          "hamu: failed: the storage is unavailable, retry later: "
              + DataFrames.firstLine(t.getMessage()));
      t.printStackTrace(err);
      return FAILED;
    }
    InvalidInputException invalid = invalidInput(t);
    if (invalid != null) {
      err.println("hamu: invalid input: " + invalid.getMessage());
      return INVALID;
    }
    err.println("hamu: failed: " + t);
    t.printStackTrace(err);
    return FAILED;
  }

  /**
   * The invalid-input error behind {@code t}, also when a Spark task raised it (Spark wraps it in a
   * {@code SparkException}), or {@code null} when {@code t} is a failure of another kind. A file
   * that Spark found unreadable only when a task read it (a damaged part of a data directory) is
   * invalid input too; Spark's message names the file.
   */
  public static InvalidInputException invalidInput(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof InvalidInputException e) {
        return e;
      }
      if (unreadableFile(c)) {
        return new InvalidInputException(
            "cannot read an input file: " + DataFrames.firstLine(c.getMessage()), c);
      }
    }
    return null;
  }

  /**
   * Spark 4 reports a file a task could not read with the error class FAILED_READ_FILE; Spark 3.5
   * passes Parquet's own error up unwrapped, recognised by its message.
   */
  @SuppressWarnings("deprecation") // getCondition() replaces it only from Spark 4.0
  private static boolean unreadableFile(Throwable t) {
    if (t instanceof SparkThrowable s && s.getErrorClass() != null) {
      return s.getErrorClass().startsWith("FAILED_READ_FILE");
    }
    return t.getMessage() != null && t.getMessage().contains(" is not a Parquet file");
  }
}
