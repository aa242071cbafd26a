package ai.hamu.spark.schedule;

import ai.hamu.spark.report.HtmlWriter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The audit report as one self-contained HTML page of tables (no scripts, no external resources):
 * summary and escalation, requests, counts, models, per-iteration hardness, metrics, settings,
 * provenance and the salted row hashes. It renders the JSON tree, so the page and the JSON never
 * disagree.
 */
final class AuditPage {

  private AuditPage() {}

  static String render(JsonNode audit) {
    StringBuilder h = new StringBuilder();
    JsonNode run = audit.path("run");
    h.append(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>HAMU deletion audit ")
        .append(esc(audit.path("batchId").asText()))
        .append(
            "</title>\n<style>body{font-family:sans-serif;margin:2em}"
                + "table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #999;padding:3px 8px;"
                + "text-align:left}th{background:#eee}.alert{background:#fdd;border:2px solid #c00;padding:8px}"
                + ".ok{background:#dfd;border:1px solid #080;padding:8px}code{font-size:90%}</style></head><body>\n");
    h.append("<h1>Deletion batch ").append(esc(audit.path("batchId").asText())).append("</h1>\n");
    boolean escalate = audit.path("escalation").path("retrainRecommended").asBoolean();
    h.append("<p class=\"")
        .append(escalate ? "alert" : "ok")
        .append("\"><b>")
        .append(escalate ? "Escalation: full retrain recommended. " : "No escalation. ")
        .append("</b>")
        .append(esc(audit.path("escalation").path("reason").asText()))
        .append("</p>\n");
    h.append("<h2>Summary</h2>\n<table>");
    row(h, "State", audit.path("state").asText());
    row(h, "Stop reason", run.path("stopReason").asText());
    row(h, "Iterations", run.path("iterations").asText());
    row(h, "Method", run.path("config").path("hamu.method").asText());
    h.append("</table>\n<h2>Counts</h2>\n");
    object(h, audit.path("counts"));
    h.append(
        "<h2>Models</h2>\n<table><tr><th></th><th>version</th><th>checksum</th><th>path</th></tr>");
    for (String which : new String[] {"input", "output"}) {
      JsonNode m = audit.path("models").path(which);
      h.append("<tr><th>")
          .append(which)
          .append("</th><td>")
          .append(esc(m.path("version").asText()))
          .append("</td><td><code>")
          .append(esc(m.path("checksum").asText()))
          .append("</code></td><td>")
          .append(esc(m.path("path").asText()))
          .append("</td></tr>");
    }
    h.append("</table>\n<h2>Requests</h2>\n<table><tr><th>request id</th></tr>");
    audit
        .path("requestIds")
        .forEach(r -> h.append("<tr><td>").append(esc(r.asText())).append("</td></tr>"));
    h.append(
        "</table>\n<h2>Metrics (all rows)</h2>\n<table><tr><th></th><th>retain loss</th><th>retain accuracy</th>"
            + "<th>forget loss</th><th>forget accuracy</th></tr>");
    for (String when : new String[] {"before", "after"}) {
      JsonNode m = run.path("metrics").path(when);
      h.append("<tr><th>").append(when).append("</th>");
      cell(h, m.path("retain").path("loss"));
      cell(h, m.path("retain").path("accuracy"));
      cell(h, m.path("forget").path("loss"));
      cell(h, m.path("forget").path("accuracy"));
      h.append("</tr>");
    }
    h.append(
        "</table>\n<h2>Iterations</h2>\n<table><tr><th>iteration</th><th>&kappa;</th><th>retain loss</th>"
            + "<th>forget loss</th><th>stopping met</th><th>applied</th><th>stop reason</th><th>ms</th></tr>");
    for (JsonNode it : run.path("history")) {
      h.append("<tr>");
      cell(h, it.path("iteration"));
      cell(h, it.path("kappa"));
      cell(h, it.path("retainLoss"));
      cell(h, it.path("forgetLoss"));
      cell(h, it.path("stoppingMet"));
      cell(h, it.path("applied"));
      cell(h, it.path("stopReason"));
      cell(h, it.path("wallMillis"));
      h.append("</tr>");
    }
    h.append("</table>\n<h2>Timings</h2>\n");
    object(h, audit.path("timings"));
    h.append("<h2>Unlearning settings</h2>\n");
    object(h, run.path("config"));
    h.append("<h2>Schedule settings</h2>\n");
    object(h, audit.path("schedule"));
    h.append("<h2>Provenance and library versions</h2>\n");
    object(h, run.path("provenance"));
    h.append("<h2>Forgotten rows (salted hashes)</h2>\n<p>")
        .append(esc(audit.path("forgottenRowHashes").path("algorithm").asText()))
        .append("</p>\n<table>");
    audit
        .path("forgottenRowHashes")
        .path("values")
        .forEach(
            v -> h.append("<tr><td><code>").append(esc(v.asText())).append("</code></td></tr>"));
    h.append("</table>\n</body></html>\n");
    return h.toString();
  }

  private static void object(StringBuilder h, JsonNode node) {
    h.append("<table>");
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      row(h, e.getKey(), e.getValue().isNull() ? "" : HtmlWriter.number(e.getValue()));
    }
    h.append("</table>\n");
  }

  private static void row(StringBuilder h, String key, String value) {
    h.append("<tr><th>")
        .append(esc(key))
        .append("</th><td>")
        .append(esc(value))
        .append("</td></tr>");
  }

  /** A value rounded as the run report's page rounds it (four significant digits). */
  private static void cell(StringBuilder h, JsonNode v) {
    h.append("<td>")
        .append(v.isNull() || v.isMissingNode() ? "" : esc(HtmlWriter.number(v)))
        .append("</td>");
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
