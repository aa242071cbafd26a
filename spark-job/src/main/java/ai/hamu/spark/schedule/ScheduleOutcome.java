package ai.hamu.spark.schedule;

import java.util.Objects;

/**
 * What a scheduled run did.
 *
 * @param kind the kind of outcome
 * @param batchId the batch it concerned (empty when nothing was pending)
 * @param state the batch's state in the ledger afterwards ({@code null} when nothing was pending)
 * @param version the version published, or the one already published; empty otherwise
 * @param message one line for the operator
 */
public record ScheduleOutcome(
    Kind kind, String batchId, BatchState state, String version, String message) {

  /** The kinds of outcome. */
  public enum Kind {
    /** No request up to the cutoff is outside a published batch. */
    NOTHING_PENDING,
    /**
     * The batch was already published (a re-run, or the bookkeeping of a run that crashed after
     * publishing).
     */
    ALREADY_PUBLISHED,
    /** A new version was published. */
    PUBLISHED,
    /** The run was cancelled; nothing was published. */
    CANCELLED,
    /**
     * Unlearning did not forget the rows and the retrain fallback is off; nothing was published.
     */
    NOT_FORGOTTEN
  }

  public ScheduleOutcome {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(batchId, "batchId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(message, "message");
  }
}
