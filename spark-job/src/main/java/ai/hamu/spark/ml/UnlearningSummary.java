package ai.hamu.spark.ml;

import ai.hamu.core.unlearn.IterationRecord;
import ai.hamu.core.unlearn.RunStopReason;
import ai.hamu.spark.driver.DistributedResult;
import ai.hamu.spark.driver.RunMetrics;
import ai.hamu.spark.report.Verdict;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What one {@link HamuUnlearner#fit} run did: why it stopped, HAMU's κ verdict, row counts, loss
 * and accuracy of the original and the unlearned model on the retain and forget rows, and the
 * per-iteration history as DataFrames ({@link HistoryFrames}).
 */
public final class UnlearningSummary {

  private final SparkSession spark;
  private final DistributedResult result;
  private final Verdict verdict;
  private final long requestedIds;
  private final long unmatchedIds;

  UnlearningSummary(
      SparkSession spark,
      DistributedResult result,
      Verdict verdict,
      long requestedIds,
      long unmatchedIds) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.result = Objects.requireNonNull(result, "result");
    this.verdict = Objects.requireNonNull(verdict, "verdict");
    this.requestedIds = requestedIds;
    this.unmatchedIds = unmatchedIds;
  }

  /** The full result: final weights, history with every diagnostic, counts and metrics. */
  public DistributedResult getResult() {
    return result;
  }

  /** HAMU's κ verdict (not assessed for the baselines). */
  public Verdict getVerdict() {
    return verdict;
  }

  /** Why the run ended. */
  public RunStopReason getStopReason() {
    return result.result().stopReason();
  }

  /** Iterations recorded (the last one's step is not applied when the run stopped early). */
  public int getIterations() {
    return result.result().history().size();
  }

  /** Steps applied to the weights. */
  public int getAppliedSteps() {
    int applied = 0;
    for (IterationRecord r : result.result().history()) {
      if (r.plan().apply()) {
        applied++;
      }
    }
    return applied;
  }

  /** Rows retained. */
  public long getRetainRows() {
    return result.counts().retainRows();
  }

  /** Rows forgotten. */
  public long getForgetRows() {
    return result.counts().forgetRows();
  }

  /** Distinct ids in the deletion list, or −1 for a predicate or flag column selection. */
  public long getRequestedIds() {
    return requestedIds;
  }

  /** Requested ids that match no row, or −1 for a predicate or flag column selection. */
  public long getUnmatchedIds() {
    return unmatchedIds;
  }

  /** Loss and accuracy of the original model on all retain and forget rows. */
  public RunMetrics getBefore() {
    return result.before();
  }

  /** Loss and accuracy of the unlearned model on all retain and forget rows. */
  public RunMetrics getAfter() {
    return result.after();
  }

  /** One row per iteration ({@link HistoryFrames#iterationSchema()}). */
  public Dataset<Row> getIterationHistory() {
    return HistoryFrames.iterations(spark, result.result().history());
  }

  /**
   * One row per iteration and tensor ({@link HistoryFrames#tensorSchema()}); empty for the
   * baselines.
   */
  public Dataset<Row> getTensorHistory() {
    return HistoryFrames.tensors(spark, result.result().history());
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "UnlearningSummary[%s after %d iterations (%d applied); forget loss %.6g -> %.6g,"
            + " retain loss %.6g -> %.6g; %s]",
        getStopReason(),
        getIterations(),
        getAppliedSteps(),
        getBefore().forget().loss(),
        getAfter().forget().loss(),
        getBefore().retain().loss(),
        getAfter().retain().loss(),
        verdict.recommendation());
  }
}
