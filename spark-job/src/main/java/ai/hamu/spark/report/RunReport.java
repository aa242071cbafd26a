package ai.hamu.spark.report;

import ai.hamu.core.hardness.TensorGeometry;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.plan.StepPlan;
import ai.hamu.core.solve.TensorDiagnostics;
import ai.hamu.core.unlearn.IterationRecord;
import ai.hamu.spark.driver.DistributedResult;
import ai.hamu.spark.driver.SplitMetrics;
import ai.hamu.spark.eval.Evaluation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON run report of an unlearning job: resolved configuration, provenance, row counts, model,
 * stop reason, κ verdict, before/after metrics, and the per-iteration history with every per-tensor
 * diagnostic. Non-finite numbers are written as {@code null}.
 *
 * @param startedAt when the run started
 * @param finishedAt when it finished
 * @param config every configuration key with its resolved value
 * @param provenance versions, commit, Spark master and application, input and output paths
 * @param architecture the model's architecture
 * @param modelFormat e.g. {@code mllib:org.apache.spark.ml.classification.LogisticRegressionModel}
 *     or {@code native}
 * @param requestedIds distinct ids in the deletion list, or −1
 * @param unmatchedIds requested ids matching no row, or −1
 * @param run the distributed result
 * @param verdict the κ verdict
 * @param evaluation the evaluation against the original and retrained models, or {@code null}
 */
public record RunReport(
    Instant startedAt,
    Instant finishedAt,
    Map<String, String> config,
    Map<String, String> provenance,
    Architecture architecture,
    String modelFormat,
    long requestedIds,
    long unmatchedIds,
    DistributedResult run,
    Verdict verdict,
    Evaluation evaluation) {

  /** Format version of the report. */
  public static final int REPORT_VERSION = 1;

  /** The report as pretty-printed JSON. */
  public String toJson() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("reportVersion", REPORT_VERSION);
    root.put("startedAt", startedAt.toString());
    root.put("finishedAt", finishedAt.toString());
    root.put("wallSeconds", (finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0);
    ObjectNode cfg = root.putObject("config");
    config.forEach(cfg::put);
    ObjectNode prov = root.putObject("provenance");
    provenance.forEach(prov::put);
    ObjectNode phases = root.putObject("phases");
    phases.put("rowsSeconds", run.phases().rowsSeconds());
    phases.put("targetSeconds", run.phases().targetSeconds());
    phases.put("iterationsSeconds", run.phases().iterationsSeconds());
    phases.put("metricsSeconds", run.phases().metricsSeconds());
    ObjectNode rows = root.putObject("rows");
    rows.put("total", run.counts().totalRows());
    rows.put("retain", run.counts().retainRows());
    rows.put("forget", run.counts().forgetRows());
    if (!run.forgetLossCap().isNone()) {
      ArrayNode caps = rows.putArray("forgetLossCapByClass");
      ArrayNode objectives = rows.putArray("forgetObjectiveByClass");
      for (int c = 0; c < run.forgetLossCap().size(); c++) {
        double cap = run.forgetLossCap().of(c);
        if (Double.isFinite(cap)) {
          caps.add(cap);
        } else {
          caps.addNull();
        }
        objectives.add(run.forgetLossCap().onLogOdds(c) ? "log-odds" : "loss");
      }
    }
    if (requestedIds >= 0) {
      rows.put("requestedIds", requestedIds);
      rows.put("unmatchedIds", unmatchedIds);
    }
    ObjectNode model = root.putObject("model");
    model.put("format", modelFormat);
    model.put("type", architecture.type().name());
    architecture.layerSizes().forEach(model.putArray("layerSizes")::add);
    architecture
        .hiddenActivations()
        .forEach(a -> model.withArray("hiddenActivations").add(a.name()));
    root.put("stopReason", run.result().stopReason().name());
    root.put("iterations", run.result().history().size());
    ObjectNode v = root.putObject("verdict");
    v.put("outcome", verdict.outcome().name());
    v.put("success", verdict.success());
    v.put("recommendation", verdict.recommendation());
    v.put("kappaAssessed", verdict.assessed());
    v.put("collateralUnavoidable", verdict.collateralUnavoidable());
    verdict.firstCollateralIteration().ifPresent(i -> v.put("firstCollateralIteration", i));
    v.put("keptSteps", run.result().keptSteps());
    ObjectNode metrics = root.putObject("metrics");
    split(metrics.putObject("before"), run.before().retain(), run.before().forget());
    split(metrics.putObject("after"), run.after().retain(), run.after().forget());
    ArrayNode history = root.putArray("history");
    List<IterationRecord> records = run.result().history();
    for (int i = 0; i < records.size(); i++) {
      ObjectNode entry = history.addObject();
      iteration(entry, records.get(i));
      forgetIncrease(entry.putObject("forgetIncrease"), records, i);
    }
    if (evaluation != null) {
      evaluation.writeTo(root.putObject("evaluation"));
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the run report", e);
    }
  }

  private static void split(ObjectNode node, SplitMetrics retain, SplitMetrics forget) {
    ObjectNode r = node.putObject("retain");
    num(r, "loss", retain.loss());
    num(r, "accuracy", retain.accuracy());
    ObjectNode f = node.putObject("forget");
    num(f, "loss", forget.loss());
    num(f, "accuracy", forget.accuracy());
  }

  private static void iteration(ObjectNode node, IterationRecord r) {
    StepPlan plan = r.plan();
    node.put("iteration", r.iteration());
    num(node, "retainLoss", r.retainLoss());
    num(node, "retainAccuracy", r.retainAccuracy());
    num(node, "forgetLoss", r.forgetLoss());
    num(node, "forgetAccuracy", r.forgetAccuracy());
    node.put("applied", plan.apply());
    node.put("stopReason", plan.stopReason().name());
    TensorGeometry g = plan.summary().geometry();
    num(node, "kappa", g.kappa());
    num(node, "constraintTotal", plan.summary().constraintTotal());
    num(node, "stoppingRhs", plan.summary().stoppingRhs());
    num(node, "stoppingMargin", plan.summary().stoppingMargin());
    node.put("stoppingMet", plan.summary().stoppingMet());
    num(node, "firstOrderRetainChange", plan.summary().firstOrderRetainChange());
    num(node, "firstOrderForgetChange", plan.summary().firstOrderForgetChange());
    num(node, "retainClipFactor", plan.summary().retainClipFactor());
    num(node, "forgetClipFactor", plan.summary().forgetClipFactor());
    num(node, "wallMillis", r.wallNanos() / 1e6);
    num(node, "stepScale", r.stepScale());
    node.put("undone", r.undone());
    r.check()
        .ifPresent(
            c -> {
              ObjectNode t = node.putObject("target");
              t.put("measurable", c.measurable());
              t.put("met", c.met());
              t.put("overshot", c.overshot());
              t.put("sharedRows", c.sharedRows());
              num(t, "forgetAccuracy", c.forgetAccuracy());
              num(t, "referenceAccuracy", c.referenceAccuracy());
              num(t, "accuracyTolerance", c.accuracyTolerance());
              num(t, "membershipAuc", c.auc());
              num(t, "aucTolerance", c.aucTolerance());
              t.put("absentClassRows", c.absentClassRows());
              num(t, "absentClassAccuracy", c.absentClassAccuracy());
              num(t, "heldOutAccuracy", c.heldOutAccuracy());
              num(t, "heldOutChangeError", c.heldOutChangeError());
            });
    ObjectNode branches = node.putObject("branches");
    plan.branchCounts().forEach((b, n) -> branches.put(b.name(), n));
    ArrayNode tensors = node.putArray("tensors");
    for (TensorDiagnostics d : plan.tensors()) {
      ObjectNode t = tensors.addObject();
      t.put("name", d.name());
      t.put("branch", d.branch().name());
      num(t, "kappa", d.hardness().kappa());
      num(t, "feasibility", d.hardness().feasibility());
      num(t, "kappa1", d.hardness().kappa1());
      num(t, "kappa2", d.hardness().kappa2());
      num(t, "minimumRetainCost", d.hardness().minimumRetainCost());
      num(t, "radius", d.radius());
      num(t, "constraint", d.constraint());
      num(t, "retainGradNorm", d.retainNorm());
      num(t, "forgetGradNorm", d.forgetNorm());
      num(t, "stoppingTerm", d.stoppingTerm());
      num(t, "realisedForgetChange", d.realisedForgetChange());
      num(t, "realisedRetainChange", d.realisedRetainChange());
    }
  }

  /**
   * The forget-loss increase of iteration {@code i}'s step: requested (Σ_l B_l), first order (Σ_l
   * g_f·δ_l), both for the step as applied (the planner's values times the step scale), 0 when no
   * step was taken, and actual (the next iteration's forget loss minus that of the weights the step
   * started from — the anchor, for a step retried after an undo; null on the last iteration).
   */
  private static void forgetIncrease(ObjectNode node, List<IterationRecord> records, int i) {
    IterationRecord r = records.get(i);
    double scale = r.plan().apply() ? r.stepScale() : 0;
    num(node, "requested", r.plan().summary().constraintTotal() * scale);
    double firstOrder = 0;
    for (TensorDiagnostics d : r.plan().tensors()) {
      firstOrder += d.realisedForgetChange();
    }
    num(node, "firstOrder", firstOrder * scale);
    double from = r.forgetLoss();
    for (int j = i; j >= 0 && records.get(j).undone(); j--) {
      from = j > 0 ? records.get(j - 1).forgetLoss() : from;
    }
    num(
        node,
        "actual",
        i + 1 < records.size() ? records.get(i + 1).forgetLoss() - from : Double.NaN);
  }

  private static void num(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }
}
