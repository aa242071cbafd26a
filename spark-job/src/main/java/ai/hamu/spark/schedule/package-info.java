/**
 * Scheduled data-deletion runs: deletion requests in, audited model versions out. A run forms the
 * batch of pending requests ({@link ai.hamu.spark.schedule.DeletionRequests}), takes the schedule's
 * lock ({@link ai.hamu.spark.schedule.RunLock}), records it in the ledger ({@link
 * ai.hamu.spark.schedule.Ledger}), unlearns with checkpoints ({@link
 * ai.hamu.spark.schedule.CheckpointStore}) and cancellation ({@link
 * ai.hamu.spark.schedule.CancelSignal}), verifies and publishes a version with its audit report
 * ({@link ai.hamu.spark.schedule.VersionStore}, {@link ai.hamu.spark.schedule.AuditReport}), and
 * applies retention. {@link ai.hamu.spark.schedule.ScheduleJob} is the {@code spark-submit} main.
 */
package ai.hamu.spark.schedule;
