package ai.hamu.spark.schedule;

import ai.hamu.core.config.ConfigChoice;
import ai.hamu.spark.job.ConfigKey;

/**
 * Every key of a scheduled deletion run that is not an unlearning setting, with its default (empty:
 * no default) and meaning. The unlearning settings are the job's {@code JobKey}s in the same file.
 * {@code conf/hamu-schedule.properties} lists exactly these keys (a test checks it).
 */
public enum ScheduleKey implements ConfigKey {
  ROOT(
      "hamu.schedule.root",
      "",
      "Directory (any Hadoop file system URI) holding the ledger, model versions, current-version pointer, checkpoints, audit reports, lock and cancel marker."),
  REQUESTS_PATH(
      "hamu.schedule.requests.path",
      "",
      "Deletion requests: path of the files, or the table name when the format is table."),
  REQUESTS_FORMAT(
      "hamu.schedule.requests.format",
      "parquet",
      "Format of the deletion requests: one of "
          + ConfigChoice.configNames(ScheduleConfig.REQUEST_FORMATS)
          + " (csv with a header line)."),
  REQUESTS_ID_COLUMN(
      "hamu.schedule.requests.idColumn",
      "request_id",
      "Column holding the request id (any type, compared as text)."),
  REQUESTS_ROW_COLUMN(
      "hamu.schedule.requests.rowColumn",
      "row_id",
      "Column holding the id of the row (or subject) to delete, matched against hamu.data.idCol."),
  REQUESTS_TIME_COLUMN(
      "hamu.schedule.requests.timeColumn",
      "requested_at",
      "Column holding when the request was made (a timestamp, or ISO-8601 text)."),
  CUTOFF(
      "hamu.schedule.cutoff",
      "",
      "Take pending requests made at or before this ISO-8601 instant (e.g. 2026-11-30T00:00:00Z); empty means the start of the run."),
  CHECKPOINT_EVERY(
      "hamu.schedule.checkpoint.every",
      "5",
      "Write a checkpoint every this many iterations (>= 1)."),
  LOCK_TTL_SECONDS(
      "hamu.schedule.lock.ttlSeconds",
      "3600",
      "Seconds a run's lock stays valid without renewal (>= 1); the run renews it every iteration, and a later run may take over an expired lock."),
  RETENTION(
      "hamu.schedule.retention",
      "5",
      "Model versions kept (>= 1), the current one included; older versions are deleted with their checkpoints."),
  VERIFY_ROWS(
      "hamu.schedule.verify.rows",
      "256",
      "Training rows the new model must load and predict (the same as the engine) before it is published (>= 1)."),
  FALLBACK(
      "hamu.schedule.fallback",
      "retrain",
      "When a batch's verdict is not forgotten (escalate or not forgotten): retrain (the model's own class, trained from scratch on the cluster without the deleted rows, verified and published as the version; ledger state retrained) or none (nothing is published; ledger state not-forgotten, the requests stay pending)."),
  AUDIT_SALT(
      "hamu.schedule.audit.salt",
      "",
      "Secret salt of the audit report's SHA-256 row-id hashes; prefer hamu.schedule.audit.saltFile."),
  AUDIT_SALT_FILE(
      "hamu.schedule.audit.saltFile",
      "",
      "File (any Hadoop file system URI) whose content, trimmed, is the salt; exactly one of salt and saltFile is required.");

  private final Spec spec;

  ScheduleKey(String key, String defaultValue, String description) {
    this.spec = new Spec(key, defaultValue, description);
  }

  @Override
  public Spec spec() {
    return spec;
  }
}
