package ai.hamu.spark.schedule;

import ai.hamu.spark.report.RunReport;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The compliance record of one published batch (JSON; {@link AuditPage} renders it as HTML): the
 * request ids, salted hashes of the forgotten row ids (never the ids or any feature), the counts,
 * the input and output model versions with checksums, the escalation flag, and the full {@link
 * RunReport} (method and every parameter, per-iteration κ and stop reason, verdict, before/after
 * metrics, timings, library versions).
 *
 * @param entry the batch's final ledger entry
 * @param input the model unlearned from
 * @param output the version published
 * @param rowHashes sorted salted SHA-256 hashes of the forgotten row ids
 * @param requestedRows distinct row ids the requests named
 * @param unmatchedRows requested row ids that match no training row
 * @param schedule the resolved schedule settings (salt hidden)
 * @param run the run report
 * @param publishedAt when the version was published
 */
public record AuditReport(
    LedgerEntry entry,
    ModelVersion input,
    ModelVersion output,
    List<String> rowHashes,
    long requestedRows,
    long unmatchedRows,
    Map<String, String> schedule,
    RunReport run,
    Instant publishedAt) {

  /** Format version of the audit report. */
  public static final int AUDIT_VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public AuditReport {
    rowHashes = List.copyOf(rowHashes);
    schedule = Map.copyOf(schedule);
  }

  /**
   * Whether unlearning failed to forget the rows (verdict escalate or not forgotten), so a full
   * retrain is the compliant answer; the batch's state says whether the run retrained and published
   * it.
   */
  public boolean retrainRecommended() {
    return run.verdict().retrainRecommended();
  }

  /** The report as a JSON tree. */
  public ObjectNode toTree() {
    ObjectNode root = JSON.createObjectNode();
    root.put("auditVersion", AUDIT_VERSION);
    root.put("batchId", entry.batchId());
    root.put("state", entry.state().label());
    ObjectNode escalation = root.putObject("escalation");
    escalation.put("retrainRecommended", retrainRecommended());
    escalation.put("outcome", run.verdict().outcome().name());
    escalation.put("reason", run.verdict().recommendation());
    entry.requestIds().forEach(root.putArray("requestIds")::add);
    ObjectNode counts = root.putObject("counts");
    counts.put("requests", entry.requestIds().size());
    counts.put("requestedRows", requestedRows);
    counts.put("matchedRows", requestedRows - unmatchedRows);
    counts.put("unmatchedRows", unmatchedRows);
    ObjectNode hashes = root.putObject("forgottenRowHashes");
    hashes.put("algorithm", "SHA-256 of the secret salt followed by the row id (UTF-8), hex");
    rowHashes.forEach(hashes.putArray("values")::add);
    ObjectNode models = root.putObject("models");
    version(models.putObject("input"), input);
    version(models.putObject("output"), output);
    ObjectNode times = root.putObject("timings");
    times.put("cutoff", entry.cutoff().toString());
    times.put("batchCreatedAt", entry.createdAt().toString());
    times.put("attemptStartedAt", entry.startedAt().toString());
    times.put("unlearningStartedAt", run.startedAt().toString());
    times.put("unlearningFinishedAt", run.finishedAt().toString());
    times.put("publishedAt", publishedAt.toString());
    times.put("attempts", entry.attempts());
    times.put("resumedFromIteration", entry.resumedFrom());
    ObjectNode cfg = root.putObject("schedule");
    new TreeMap<>(schedule).forEach(cfg::put);
    try {
      root.set("run", JSON.readTree(run.toJson()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot embed the run report", e);
    }
    return root;
  }

  /** The report as pretty-printed JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(toTree());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the audit report", e);
    }
  }

  private static void version(ObjectNode node, ModelVersion v) {
    node.put("version", v.name());
    node.put("path", v.path());
    node.put("checksum", v.checksum());
  }

  /** Reads back the tree of a report written by {@link #toJson()}. */
  public static JsonNode parse(String json) throws JsonProcessingException {
    return JSON.readTree(json);
  }
}
