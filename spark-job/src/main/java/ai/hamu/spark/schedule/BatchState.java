package ai.hamu.spark.schedule;

import java.util.Locale;

/**
 * Where a batch of deletion requests stands in the ledger: pending → running → one of succeeded,
 * retrained, not-forgotten, failed, cancelled. Succeeded and retrained published a model version
 * (as did stopped-by-hardness, written by earlier versions); not-forgotten, failed and cancelled
 * did not, and their requests are pending again for the next run.
 */
public enum BatchState {
  /** Formed from the pending requests, not started. */
  PENDING,
  /** Unlearning (or publishing) is under way, or the run crashed while it was. */
  RUNNING,
  /** A new model version was published. */
  SUCCEEDED,
  /**
   * Written by earlier versions: the unlearned model was published although the hardness criterion
   * stopped the run. Kept to read old ledgers; a run now retrains or publishes nothing instead.
   */
  STOPPED_BY_HARDNESS,
  /**
   * Unlearning did not forget the rows (verdict escalate or not forgotten), so a model retrained
   * from scratch without them was verified and published.
   */
  RETRAINED,
  /** Unlearning did not forget the rows and the retrain fallback is off; nothing was published. */
  NOT_FORGOTTEN,
  /** The run ended with an error; nothing was published. */
  FAILED,
  /** A cancel marker or SIGTERM stopped the run at an iteration boundary; nothing was published. */
  CANCELLED;

  /** The name used in the ledger, e.g. {@code stopped-by-hardness}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The state with ledger name {@code label}. */
  public static BatchState ofLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
  }

  /** Whether the batch published a model version (its requests are done). */
  public boolean published() {
    return this == SUCCEEDED || this == RETRAINED || this == STOPPED_BY_HARDNESS;
  }
}
