package ai.hamu.spark.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The ledger's record of one batch. Times are empty ({@code null}) until reached; versions and
 * checksums are empty strings until known.
 *
 * @param batchId the batch id
 * @param state where the batch stands
 * @param requestIds the batch's request ids
 * @param cutoff the cutoff of the run that formed the batch
 * @param inputVersion the model version unlearned from ({@code initial} for the configured model)
 * @param inputChecksum SHA-256 of the input model's files
 * @param outputVersion the version published (empty unless published)
 * @param outputChecksum SHA-256 of the published model's files
 * @param createdAt when the batch was first recorded
 * @param startedAt when the latest attempt started
 * @param finishedAt when the latest attempt ended (null while running)
 * @param attempts how many runs have worked on the batch
 * @param resumedFrom the iteration the latest attempt resumed from (0: from the start)
 * @param message the failure or cancellation reason, or the verdict's recommendation
 */
public record LedgerEntry(
    String batchId,
    BatchState state,
    List<String> requestIds,
    Instant cutoff,
    String inputVersion,
    String inputChecksum,
    String outputVersion,
    String outputChecksum,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    int attempts,
    int resumedFrom,
    String message) {

  public LedgerEntry {
    Objects.requireNonNull(batchId, "batchId");
    Objects.requireNonNull(state, "state");
    requestIds = List.copyOf(requestIds);
    Objects.requireNonNull(inputVersion, "inputVersion");
    Objects.requireNonNull(inputChecksum, "inputChecksum");
    Objects.requireNonNull(outputVersion, "outputVersion");
    Objects.requireNonNull(outputChecksum, "outputChecksum");
    Objects.requireNonNull(message, "message");
  }

  /** A new pending entry for {@code batch}. */
  public static LedgerEntry pending(DeletionBatch batch, Instant cutoff, Instant now) {
    return new LedgerEntry(
        batch.id(),
        BatchState.PENDING,
        batch.requestIds(),
        cutoff,
        "",
        "",
        "",
        "",
        now,
        null,
        null,
        0,
        0,
        "");
  }

  /** This entry as a new attempt that started at {@code now} from {@code input}. */
  public LedgerEntry running(String input, String checksum, int resumedFromIteration, Instant now) {
    return new LedgerEntry(
        batchId,
        BatchState.RUNNING,
        requestIds,
        cutoff,
        input,
        checksum,
        "",
        "",
        createdAt,
        now,
        null,
        attempts + 1,
        resumedFromIteration,
        "");
  }

  /** This entry ended in {@code end} at {@code now}, publishing {@code version} (empty if none). */
  public LedgerEntry finished(
      BatchState end, String version, String checksum, String why, Instant now) {
    return new LedgerEntry(
        batchId,
        end,
        requestIds,
        cutoff,
        inputVersion,
        inputChecksum,
        version,
        checksum,
        createdAt,
        startedAt,
        now,
        attempts,
        resumedFrom,
        why);
  }
}
