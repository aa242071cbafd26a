package ai.hamu.spark.eval;

import ai.hamu.core.metrics.MembershipInference;
import ai.hamu.core.metrics.ModelEvaluation;
import ai.hamu.core.metrics.RetrainGap;
import ai.hamu.core.metrics.WeightDistance;
import ai.hamu.core.model.ParameterBlocks;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The evaluation of one unlearning run: the original, unlearned and (when a retrain reference ran)
 * retrained models judged on the forget, retain and test rows, the original's and the unlearned
 * model's gap to the retrained one (with the Kolmogorov–Smirnov distance of the sampled per-example
 * forget losses), the L2 distance of their weights to the retrained weights, and the wall times.
 * Non-finite numbers are written to JSON as {@code null}.
 *
 * @param models each model judged, by name ({@link #ORIGINAL}, {@link #UNLEARNED}, {@link
 *     #RETRAINED})
 * @param gapToRetrained the original's and the unlearned model's gap to the retrained one (empty
 *     without a retrain)
 * @param weightDistanceToRetrained ‖θ − θ_retrained‖ of the unlearned and original weights (empty
 *     without a retrain)
 * @param unlearningSeconds wall time of the unlearning (NaN if unknown)
 * @param retrainingSeconds wall time of the retraining (NaN without a retrain)
 * @param evaluationSeconds wall time of the scoring
 */
public record Evaluation(
    Map<String, ModelEvaluation> models,
    Map<String, RetrainGap> gapToRetrained,
    Map<String, Double> weightDistanceToRetrained,
    double unlearningSeconds,
    double retrainingSeconds,
    double evaluationSeconds) {

  public static final String ORIGINAL = "original";
  public static final String UNLEARNED = "unlearned";
  public static final String RETRAINED = "retrained";

  public Evaluation {
    models = Map.copyOf(models);
    gapToRetrained = Map.copyOf(gapToRetrained);
    weightDistanceToRetrained = Map.copyOf(weightDistanceToRetrained);
  }

  /**
   * The comparison of judged models: {@code models} and {@code weights} hold the original and
   * unlearned models, and the retrained one when a retrain reference ran.
   */
  public static Evaluation compare(
      Map<String, ModelEvaluation> models,
      Map<String, ParameterBlocks> weights,
      double unlearningSeconds,
      double retrainingSeconds,
      double evaluationSeconds) {
    Map<String, RetrainGap> gaps = new LinkedHashMap<>();
    Map<String, Double> distance = new LinkedHashMap<>();
    ModelEvaluation retrained = models.get(RETRAINED);
    if (retrained != null) {
      for (String name : new String[] {ORIGINAL, UNLEARNED}) {
        gaps.put(name, RetrainGap.between(models.get(name), retrained));
        distance.put(name, WeightDistance.l2(weights.get(name), weights.get(RETRAINED)));
      }
    }
    return new Evaluation(
        models, gaps, distance, unlearningSeconds, retrainingSeconds, evaluationSeconds);
  }

  /** Writes the evaluation into {@code node} (the report's {@code evaluation} object). */
  public void writeTo(ObjectNode node) {
    ObjectNode m = node.putObject("models");
    for (String name : new String[] {ORIGINAL, UNLEARNED, RETRAINED}) {
      if (models.containsKey(name)) {
        model(m.putObject(name), models.get(name));
      }
    }
    if (!gapToRetrained.isEmpty()) {
      ObjectNode gaps = node.putObject("gapToRetrained");
      gap(gaps.putObject(ORIGINAL), ORIGINAL);
      gap(gaps.putObject(UNLEARNED), UNLEARNED);
      ObjectNode ks = node.putObject("forgetLossKs");
      num(ks, "unlearnedVsRetrained", gapToRetrained.get(UNLEARNED).forgetLossKs());
      num(ks, "originalVsRetrained", gapToRetrained.get(ORIGINAL).forgetLossKs());
      ObjectNode distance = node.putObject("weightDistanceToRetrained");
      num(distance, UNLEARNED, weightDistanceToRetrained.get(UNLEARNED));
      num(distance, ORIGINAL, weightDistanceToRetrained.get(ORIGINAL));
    }
    ObjectNode seconds = node.putObject("seconds");
    num(seconds, "unlearning", unlearningSeconds);
    num(seconds, "retraining", retrainingSeconds);
    num(seconds, "evaluation", evaluationSeconds);
  }

  private static void model(ObjectNode node, ModelEvaluation e) {
    split(
        node.putObject("forget"), e.forget().rows(), e.forget().accuracy(), e.forget().meanLoss());
    split(
        node.putObject("retain"), e.retain().rows(), e.retain().accuracy(), e.retain().meanLoss());
    split(node.putObject("test"), e.test().rows(), e.test().accuracy(), e.test().meanLoss());
    membership(
        node.putObject("membership"),
        e.forgetVersusTestAuc(),
        e.forgetVersusRetainAuc(),
        e.forgetTprAtTestFpr(MembershipInference.FPR_1_PERCENT),
        e.forgetTprAtTestFpr(MembershipInference.FPR_01_PERCENT));
  }

  /**
   * The gap of model {@code name}; both models were judged on the same rows, so the row differences
   * are 0.
   */
  private void gap(ObjectNode node, String name) {
    RetrainGap g = gapToRetrained.get(name);
    ModelEvaluation e = models.get(name);
    ModelEvaluation retrained = models.get(RETRAINED);
    split(
        node.putObject("forget"),
        e.forget().rows() - retrained.forget().rows(),
        g.forgetAccuracy(),
        g.forgetLoss());
    split(
        node.putObject("retain"),
        e.retain().rows() - retrained.retain().rows(),
        g.retainAccuracy(),
        g.retainLoss());
    split(
        node.putObject("test"),
        e.test().rows() - retrained.test().rows(),
        g.testAccuracy(),
        g.testLoss());
    membership(
        node.putObject("membership"),
        g.forgetTestAuc(),
        g.forgetRetainAuc(),
        g.forgetTprAt1PctFpr(),
        g.forgetTprAt01PctFpr());
  }

  private static void split(ObjectNode node, long rows, double accuracy, double meanLoss) {
    node.put("rows", rows);
    num(node, "accuracy", accuracy);
    num(node, "meanLoss", meanLoss);
  }

  private static void membership(
      ObjectNode node,
      double aucForgetVsTest,
      double aucForgetVsRetain,
      double tprAt1PctFpr,
      double tprAt01PctFpr) {
    num(node, "aucForgetVsTest", aucForgetVsTest);
    num(node, "aucForgetVsRetain", aucForgetVsRetain);
    num(node, "tprAt1PctFpr", tprAt1PctFpr);
    num(node, "tprAt01PctFpr", tprAt01PctFpr);
  }

  private static void num(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }
}
