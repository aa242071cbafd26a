package ai.hamu.spark.schedule;

import java.util.Locale;

/**
 * Where a batch of deletion requests stands in the ledger: pending → running → one of succeeded,
 * stopped-by-hardness, failed, cancelled. Succeeded and stopped-by-hardness published a model
 * version; failed and cancelled did not, and their requests are pending again for the next run.
 */
public enum BatchState {
  /** Formed from the pending requests, not started. */
  PENDING,
  /** Unlearning (or publishing) is under way, or the run crashed while it was. */
  RUNNING,
  /** A new model version was published. */
  SUCCEEDED,
  /** A new version was published, but the hardness criterion stopped the run: a full retrain is recommended. */
  STOPPED_BY_HARDNESS,
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
    return this == SUCCEEDED || this == STOPPED_BY_HARDNESS;
  }
}
