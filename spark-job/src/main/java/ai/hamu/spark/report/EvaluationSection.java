package ai.hamu.spark.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The evaluation part of the HTML report: accuracy, mean loss and membership inference of the
 * original, unlearned and retrained models on the forget, retain and test rows, their gaps to the
 * retrained model, the forget-loss Kolmogorov–Smirnov statistics, weight distances and wall times.
 * Missing values show as a dash, so a partial evaluation still renders.
 */
final class EvaluationSection {

  private static final List<String> SPLITS = List.of("forget", "retain", "test");
  private static final String[][] MEMBERSHIP = {
    {"AUC forget vs test", "aucForgetVsTest"},
    {"AUC forget vs retain", "aucForgetVsRetain"},
    {"TPR at 1% FPR", "tprAt1PctFpr"},
    {"TPR at 0.1% FPR", "tprAt01PctFpr"}
  };

  private final HtmlWriter html;
  private final JsonNode evaluation;

  EvaluationSection(HtmlWriter html, JsonNode evaluation) {
    this.html = html;
    this.evaluation = evaluation;
  }

  void write() {
    html.open("section", "id", "evaluation").element("h2", "Evaluation against retraining");
    JsonNode models = evaluation.path("models");
    if (models.isObject()) {
      html.element("p", "Rows: " + rowCounts(models) + ".");
      html.element("h3", "Accuracy and mean loss");
      html.table("evaluation", splitHeader(), splitRows(models));
      html.element(
          "h3",
          "Membership inference (per-example loss as the attack score; AUC 0.5 = indistinguishable)");
      html.table("evaluation", membershipHeader(), membershipRows(models));
    }
    JsonNode gaps = evaluation.path("gapToRetrained");
    if (gaps.isObject()) {
      html.element("h3", "Gap to the retrained model (model − retrained)");
      html.table("evaluation", splitHeader(), splitRows(gaps));
      html.table("evaluation", membershipHeader(), membershipRows(gaps));
    }
    List<String[]> facts = new ArrayList<>();
    JsonNode ks = evaluation.path("forgetLossKs");
    add(facts, "forget-loss KS, unlearned vs retrained", ks.path("unlearnedVsRetrained"));
    add(facts, "forget-loss KS, original vs retrained", ks.path("originalVsRetrained"));
    JsonNode distance = evaluation.path("weightDistanceToRetrained");
    add(facts, "weight L2 distance to retrained, unlearned", distance.path("unlearned"));
    add(facts, "weight L2 distance to retrained, original", distance.path("original"));
    JsonNode seconds = evaluation.path("seconds");
    add(facts, "unlearning seconds", seconds.path("unlearning"));
    add(facts, "retraining seconds", seconds.path("retraining"));
    add(facts, "evaluation seconds", seconds.path("evaluation"));
    if (seconds.path("unlearning").isNumber()
        && seconds.path("retraining").isNumber()
        && seconds.path("unlearning").asDouble() > 0) {
      facts.add(
          new String[] {
            "retraining time / unlearning time",
            HtmlWriter.number(
                seconds.path("retraining").asDouble() / seconds.path("unlearning").asDouble())
          });
    }
    if (!facts.isEmpty()) {
      html.element("h3", "Distances and time").facts(facts);
    }
    html.close("section").raw("\n");
  }

  private static void add(List<String[]> facts, String label, JsonNode value) {
    if (!value.isMissingNode()) {
      facts.add(new String[] {label, HtmlWriter.number(value)});
    }
  }

  private static String rowCounts(JsonNode models) {
    JsonNode any = models.elements().hasNext() ? models.elements().next() : models;
    List<String> parts = new ArrayList<>();
    for (String split : SPLITS) {
      parts.add(split + " " + HtmlWriter.number(any.path(split).path("rows")));
    }
    return String.join(", ", parts);
  }

  private static List<String> splitHeader() {
    List<String> header = new ArrayList<>(List.of("model"));
    for (String split : SPLITS) {
      header.add(split + " accuracy");
      header.add(split + " mean loss");
    }
    return header;
  }

  private static List<List<String>> splitRows(JsonNode models) {
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, JsonNode> model : models.properties()) {
      List<String> row = new ArrayList<>(List.of(model.getKey()));
      for (String split : SPLITS) {
        row.add(HtmlWriter.number(model.getValue().path(split).path("accuracy")));
        row.add(HtmlWriter.number(model.getValue().path(split).path("meanLoss")));
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<String> membershipHeader() {
    List<String> header = new ArrayList<>(List.of("model"));
    for (String[] m : MEMBERSHIP) {
      header.add(m[0]);
    }
    return header;
  }

  private static List<List<String>> membershipRows(JsonNode models) {
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, JsonNode> model : models.properties()) {
      List<String> row = new ArrayList<>(List.of(model.getKey()));
      for (String[] m : MEMBERSHIP) {
        row.add(HtmlWriter.number(model.getValue().path("membership").path(m[1])));
      }
      rows.add(row);
    }
    return rows;
  }
}
