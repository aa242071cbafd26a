package ai.hamu.spark.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a JSON run report ({@link RunReport#toJson()}) as one self-contained HTML page: inline
 * CSS, inline script, charts drawn as inline SVG from the report data embedded in the page, and no
 * reference to anything outside the file, so it opens offline. Tables are rendered here; the charts
 * (losses, accuracies, κ per tensor, stopping margin, branch counts, realised against requested
 * forget-loss increase) by {@code report.js}. A chart is included only when the report has data for
 * it; otherwise the page says why it is absent.
 */
public final class HtmlReport {

  private static final String CSS = resource("report.css");
  private static final String ERROR_TRAP = resource("report-errors.js");
  private static final String CHARTS = resource("report.js");

  private final JsonNode report;
  private final JsonNode history;
  private final HtmlWriter html = new HtmlWriter();

  private HtmlReport(JsonNode report) {
    this.report = report;
    this.history = report.path("history");
  }

  /** The page for the JSON text of a run report; text that is not a JSON run report is refused. */
  public static String render(String json) {
    JsonNode node;
    try {
      node = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON run report: " + e.getOriginalMessage());
    }
    return render(node);
  }

  /** The page for a parsed run report. */
  public static String render(JsonNode report) {
    if (report == null
        || !report.isObject()
        || !report.has("reportVersion")
        || !report.path("history").isArray()) {
      throw new IllegalArgumentException(
          "not a JSON run report: expected an object with reportVersion and a " + "history array");
    }
    return new HtmlReport(report).page();
  }

  /**
   * Where the page of the JSON report at {@code reportPath} goes: {@code .json} replaced by {@code
   * .html}.
   */
  public static String pathFor(String reportPath) {
    String base =
        reportPath.endsWith(".json")
            ? reportPath.substring(0, reportPath.length() - 5)
            : reportPath;
    return base + ".html";
  }

  private String page() {
    String method =
        report
            .path("config")
            .path("hamu.method")
            .asText(report.path("provenance").path("method").asText());
    html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .element("title", "HAMU run report: " + method + ", " + report.path("finishedAt").asText())
        .raw("\n")
        .open("style")
        .raw(CSS)
        .close("style")
        .raw("\n")
        .open("script")
        .raw(ERROR_TRAP)
        .close("script")
        .raw("\n</head>\n<body>\n");
    header(method);
    html.raw("<ul id=\"report-errors\" class=\"errors\" hidden></ul>\n")
        .raw(
            "<noscript><p class=\"errors\">The charts need JavaScript; the tables below do not.</p></noscript>\n");
    summary();
    metrics();
    charts();
    JsonNode evaluation = report.path("evaluation");
    if (evaluation.isObject()) {
      new EvaluationSection(html, evaluation).write();
    }
    tensors();
    iterations();
    keyValues("config", "Configuration", report.path("config"));
    keyValues("provenance", "Provenance", report.path("provenance"));
    html.raw("<script type=\"application/json\" id=\"report-data\">")
        .raw(embeddedJson())
        .raw("</script>\n")
        .open("script")
        .raw(CHARTS)
        .close("script")
        .raw("\n</body>\n</html>\n");
    return html.toString();
  }

  private void header(String method) {
    JsonNode model = report.path("model");
    List<String> layers = new ArrayList<>();
    model.path("layerSizes").forEach(n -> layers.add(n.asText()));
    html.open("header")
        .element("h1", "HAMU run report")
        .element(
            "p",
            method
                + " · "
                + model.path("type").asText()
                + " "
                + String.join("-", layers)
                + " ("
                + model.path("format").asText()
                + ") · finished "
                + report.path("finishedAt").asText()
                + " · "
                + HtmlWriter.number(report.path("wallSeconds"))
                + " s")
        .close("header")
        .raw("\n");
  }

  private void summary() {
    JsonNode verdict = report.path("verdict");
    String outcome = verdict.path("outcome").asText("");
    String kind =
        switch (outcome) {
          case "FORGOTTEN" -> "clean";
          case "UNVERIFIED" -> "not-assessed";
          default -> "collateral";
        };
    html.open("section", "id", "summary")
        .element("h2", "Summary")
        .open("div", "class", "verdict " + kind)
        .open("strong")
        .text("Verdict: " + outcome.replace('_', ' ').toLowerCase(Locale.ROOT) + ". ")
        .close("strong")
        .text(verdict.path("recommendation").asText())
        .close("div");
    JsonNode rows = report.path("rows");
    List<String[]> facts = new ArrayList<>();
    facts.add(new String[] {"stop reason", report.path("stopReason").asText()});
    facts.add(
        new String[] {
          "iterations",
          HtmlWriter.number(report.path("iterations"))
              + " ("
              + HtmlWriter.number(verdict.path("keptSteps"))
              + " steps kept)"
        });
    if (verdict.path("kappaAssessed").asBoolean()) {
      facts.add(
          new String[] {
            "κ criterion",
            verdict.has("firstCollateralIteration")
                ? "met first at iteration "
                    + HtmlWriter.number(verdict.path("firstCollateralIteration"))
                : "never met: every step could gain the requested forget loss without first-order retain damage"
          });
    }
    JsonNode history = report.path("history");
    JsonNode last = history.size() == 0 ? null : history.get(history.size() - 1).path("target");
    if (last != null && !last.isMissingNode()) {
      facts.add(new String[] {"forgetting target", targetText(last)});
    }
    facts.add(
        new String[] {
          "rows",
          HtmlWriter.number(rows.path("total"))
              + " total, "
              + HtmlWriter.number(rows.path("retain"))
              + " retained, "
              + HtmlWriter.number(rows.path("forget"))
              + " forgotten"
        });
    if (rows.has("requestedIds")) {
      facts.add(
          new String[] {
            "deletion list",
            HtmlWriter.number(rows.path("requestedIds"))
                + " distinct ids, "
                + HtmlWriter.number(rows.path("unmatchedIds"))
                + " matching no row"
          });
    }
    JsonNode provenance = report.path("provenance");
    facts.add(new String[] {"data", provenance.path("dataPath").asText(HtmlWriter.MISSING)});
    facts.add(
        new String[] {
          "forget selection", provenance.path("forgetSelection").asText(HtmlWriter.MISSING)
        });
    facts.add(new String[] {"started", report.path("startedAt").asText()});
    html.facts(facts).close("section").raw("\n");
  }

  /** The forgetting target at the last iteration, in words. */
  private static String targetText(JsonNode t) {
    List<String> parts = new ArrayList<>();
    if (t.path("sharedRows").asInt() > 0) {
      parts.add(
          !t.path("measurable").asBoolean()
              ? "forgotten rows of retained classes: no held-out rows to compare"
              : "forgotten rows of retained classes: accuracy "
                  + HtmlWriter.number(t.path("forgetAccuracy"))
                  + " against held-out "
                  + HtmlWriter.number(t.path("referenceAccuracy"))
                  + " (tolerance "
                  + HtmlWriter.number(t.path("accuracyTolerance"))
                  + "), membership AUC "
                  + HtmlWriter.number(t.path("membershipAuc"))
                  + " (at most 0.5 + "
                  + HtmlWriter.number(t.path("aucTolerance"))
                  + ")");
    }
    if (t.path("absentClassRows").asInt() > 0) {
      parts.add(
          "rows of classes nothing retained has: accuracy "
              + HtmlWriter.number(t.path("absentClassAccuracy")));
    }
    if (t.path("heldOutAccuracy").isNumber()) {
      parts.add(
          "held-out rows of retained classes: accuracy "
              + HtmlWriter.number(t.path("heldOutAccuracy"))
              + " (paired error of its change "
              + HtmlWriter.number(t.path("heldOutChangeError"))
              + ")");
    }
    parts.add(t.path("met").asBoolean() ? "met" : "not met");
    return String.join("; ", parts);
  }

  /**
   * Loss and accuracy before and after, and of the retrained model when the report was evaluated.
   */
  private void metrics() {
    JsonNode before = report.path("metrics").path("before");
    JsonNode after = report.path("metrics").path("after");
    JsonNode retrained = report.path("evaluation").path("models").path("retrained");
    boolean withRetrained = retrained.isObject();
    List<String> header = new ArrayList<>(List.of("metric", "before", "after"));
    if (withRetrained) {
      header.add("retrained");
    }
    List<List<String>> rows = new ArrayList<>();
    for (String split : List.of("retain", "forget")) {
      for (String[] metric : new String[][] {{"loss", "meanLoss"}, {"accuracy", "accuracy"}}) {
        List<String> row =
            new ArrayList<>(
                List.of(
                    split + " " + metric[0],
                    HtmlWriter.number(before.path(split).path(metric[0])),
                    HtmlWriter.number(after.path(split).path(metric[0]))));
        if (withRetrained) {
          row.add(HtmlWriter.number(retrained.path(split).path(metric[1])));
        }
        rows.add(row);
      }
    }
    html.open("section", "id", "metrics")
        .element("h2", "Before and after")
        .table("metrics", header, rows)
        .close("section")
        .raw("\n");
  }

  private void charts() {
    html.open("section", "id", "charts").element("h2", "Iterations");
    if (history.isEmpty()) {
      html.element("p", "No iteration ran (hamu.iterations = 0): there is nothing to chart.")
          .close("section");
      return;
    }
    html.open("div", "class", "charts");
    chart(
        "loss",
        "Mean loss per iteration",
        anyNumber("retainLoss", "forgetLoss"),
        "Before each step; the last point is the final model.",
        "No finite loss was recorded.");
    chart(
        "accuracy",
        "Accuracy per iteration",
        anyNumber("retainAccuracy", "forgetAccuracy"),
        "Before each step; the last point is the final model.",
        "No accuracy: a regression model.");
    chart(
        "kappa",
        "κ per tensor",
        anyNumber("kappa") || anyTensorNumber("kappa"),
        "Cosine of the retain and forget gradients per tensor (dashed: model-wide).",
        "No κ: this method does not compute the gradient geometry.");
    chart(
        "margin",
        "Stopping margin",
        anyNumber("stoppingMargin"),
        "Constraint − RHS of the stopping criterion; above zero, collateral forgetting is unavoidable.",
        "No stopping margin: only HAMU evaluates the stopping criterion.");
    chart(
        "branches",
        "Solver branches",
        anyBranch(),
        "How many tensors each case of the closed-form solution handled per iteration.",
        "No branch counts: this method does not use the HAMU solver.");
    chart(
        "forgetIncrease",
        "Forget-loss increase: realised against requested",
        anyForgetIncrease(),
        "Requested B (dashed), the first-order prediction, and the actual rise of the forget loss per step.",
        "No forget-loss increase recorded in this report.");
    html.close("div").close("section").raw("\n");
  }

  private void chart(String kind, String title, boolean present, String note, String absentNote) {
    html.open("figure", "class", "chart", "id", "chart-" + kind).element("figcaption", title);
    if (present) {
      html.open(
              "svg",
              "class",
              "chart",
              "data-chart",
              kind,
              "role",
              "img",
              "aria-label",
              title,
              "viewBox",
              "0 0 720 300")
          .close("svg")
          .open("p", "class", "note")
          .text(note)
          .close("p");
    } else {
      html.open("p", "class", "absent").text(absentNote).close("p");
    }
    html.close("figure");
  }

  private boolean anyNumber(String... fields) {
    for (JsonNode h : history) {
      for (String f : fields) {
        if (h.path(f).isNumber()) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean anyTensorNumber(String field) {
    for (JsonNode h : history) {
      for (JsonNode t : h.path("tensors")) {
        if (t.path(field).isNumber()) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean anyBranch() {
    for (JsonNode h : history) {
      for (JsonNode count : h.path("branches")) {
        if (count.asLong() > 0) {
          return true;
        }
      }
    }
    return false;
  }

  private boolean anyForgetIncrease() {
    for (JsonNode h : history) {
      for (JsonNode value : h.path("forgetIncrease")) {
        if (value.isNumber()) {
          return true;
        }
      }
    }
    return false;
  }

  /** The per-tensor diagnostics of the last iteration. */
  private void tensors() {
    if (history.isEmpty() || history.get(history.size() - 1).path("tensors").isEmpty()) {
      return;
    }
    JsonNode last = history.get(history.size() - 1);
    String[][] columns = {
      {"κ", "kappa"},
      {"c", "feasibility"},
      {"κ1", "kappa1"},
      {"κ2", "kappa2"},
      {"min retain cost", "minimumRetainCost"},
      {"radius", "radius"},
      {"constraint", "constraint"},
      {"‖g_r‖", "retainGradNorm"},
      {"‖g_f‖", "forgetGradNorm"},
      {"stopping term", "stoppingTerm"},
      {"realised Δ forget", "realisedForgetChange"},
      {"realised Δ retain", "realisedRetainChange"}
    };
    List<String> header = new ArrayList<>(List.of("tensor", "branch"));
    List<List<String>> rows = new ArrayList<>();
    for (String[] c : columns) {
      header.add(c[0]);
    }
    for (JsonNode t : last.path("tensors")) {
      List<String> row =
          new ArrayList<>(List.of(t.path("name").asText(), t.path("branch").asText()));
      for (String[] c : columns) {
        row.add(HtmlWriter.number(t.path(c[1])));
      }
      rows.add(row);
    }
    html.open("section", "id", "tensors")
        .element("h2", "Tensors at iteration " + last.path("iteration").asText())
        .table("tensors", header, rows)
        .close("section")
        .raw("\n");
  }

  private void iterations() {
    if (history.isEmpty()) {
      return;
    }
    List<String> header =
        List.of(
            "iteration",
            "applied",
            "retain loss",
            "retain acc",
            "forget loss",
            "forget acc",
            "κ",
            "stopping margin",
            "ms",
            "branches");
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode h : history) {
      List<String> branches = new ArrayList<>();
      h.path("branches")
          .properties()
          .forEach(e -> branches.add(e.getKey() + " " + e.getValue().asText()));
      rows.add(
          List.of(
              h.path("iteration").asText(),
              h.path("applied").asText(),
              HtmlWriter.number(h.path("retainLoss")),
              HtmlWriter.number(h.path("retainAccuracy")),
              HtmlWriter.number(h.path("forgetLoss")),
              HtmlWriter.number(h.path("forgetAccuracy")),
              HtmlWriter.number(h.path("kappa")),
              HtmlWriter.number(h.path("stoppingMargin")),
              HtmlWriter.number(h.path("wallMillis")),
              String.join(", ", branches)));
    }
    html.open("section", "id", "history")
        .open("details")
        .element("summary", "Every iteration")
        .table("history", header, rows)
        .close("details")
        .close("section")
        .raw("\n");
  }

  private void keyValues(String id, String title, JsonNode values) {
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : values.properties()) {
      rows.add(List.of(e.getKey(), e.getValue().asText()));
    }
    html.open("section", "id", id)
        .open("details")
        .element("summary", title)
        .table("wide", List.of("key", "value"), rows)
        .close("details")
        .close("section")
        .raw("\n");
  }

  /**
   * The report as JSON that cannot end the script element it sits in: {@code <}, {@code >} and
   * {@code &} only occur inside JSON strings, where their {@code \\u} escapes mean the same.
   */
  private String embeddedJson() {
    return report
        .toString()
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026");
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing resource " + name + " next to " + HtmlReport.class.getName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
