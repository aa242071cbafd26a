package ai.hamu.spark.eval;

import ai.hamu.core.metrics.KolmogorovSmirnov;
import ai.hamu.core.model.ParameterBlocks;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The evaluation of one unlearning run: the scores of the original, unlearned and (when a retrain
 * reference ran) retrained models, each model's gap to the retrained one, the Kolmogorov–Smirnov
 * distance of the sampled per-example forget losses to the retrained model's, the L2 distance of
 * the weights to the retrained weights, and the wall times. Non-finite numbers are written to JSON
 * as {@code null}.
 *
 * @param models                    scores by model name ({@link #ORIGINAL}, {@link #UNLEARNED}, {@link #RETRAINED})
 * @param gapToRetrained            original and unlearned scores minus the retrained ones (empty without a retrain)
 * @param forgetLossKs              {@code unlearnedVsRetrained} and {@code originalVsRetrained} (empty without a retrain)
 * @param weightDistanceToRetrained ‖θ − θ_retrained‖ of the unlearned and original weights (empty without a retrain)
 * @param unlearningSeconds         wall time of the unlearning (NaN if unknown)
 * @param retrainingSeconds         wall time of the retraining (NaN without a retrain)
 * @param evaluationSeconds         wall time of the scoring
 */
public record Evaluation(Map<String, ModelScores> models, Map<String, ModelScores> gapToRetrained,
    Map<String, Double> forgetLossKs, Map<String, Double> weightDistanceToRetrained, double unlearningSeconds,
    double retrainingSeconds, double evaluationSeconds) {

  public static final String ORIGINAL = "original";
  public static final String UNLEARNED = "unlearned";
  public static final String RETRAINED = "retrained";

  public Evaluation {
    models = Map.copyOf(models);
    gapToRetrained = Map.copyOf(gapToRetrained);
    forgetLossKs = Map.copyOf(forgetLossKs);
    weightDistanceToRetrained = Map.copyOf(weightDistanceToRetrained);
  }

  /**
   * The comparison of measured models: {@code measured} and {@code weights} hold the original and
   * unlearned models, and the retrained one when a retrain reference ran.
   */
  public static Evaluation compare(Map<String, ModelEvaluator.Measured> measured, Map<String, ParameterBlocks> weights,
      double unlearningSeconds, double retrainingSeconds, double evaluationSeconds) {
    Map<String, ModelScores> models = new LinkedHashMap<>();
    measured.forEach((name, m) -> models.put(name, m.scores()));
    Map<String, ModelScores> gaps = new LinkedHashMap<>();
    Map<String, Double> ks = new LinkedHashMap<>();
    Map<String, Double> distance = new LinkedHashMap<>();
    ModelEvaluator.Measured retrained = measured.get(RETRAINED);
    if (retrained != null) {
      for (String name : new String[] {ORIGINAL, UNLEARNED}) {
        gaps.put(name, models.get(name).minus(retrained.scores()));
        ks.put(name + "VsRetrained", KolmogorovSmirnov.statistic(measured.get(name).forgetLosses(),
            retrained.forgetLosses()));
        distance.put(name, weights.get(name).copy().addInPlace(weights.get(RETRAINED).scaled(-1)).norm());
      }
    }
    return new Evaluation(models, gaps, ks, distance, unlearningSeconds, retrainingSeconds, evaluationSeconds);
  }

  /** Writes the evaluation into {@code node} (the report's {@code evaluation} object). */
  public void writeTo(ObjectNode node) {
    ObjectNode m = node.putObject("models");
    for (String name : new String[] {ORIGINAL, UNLEARNED, RETRAINED}) {
      if (models.containsKey(name)) {
        scores(m.putObject(name), models.get(name));
      }
    }
    if (!gapToRetrained.isEmpty()) {
      ObjectNode gaps = node.putObject("gapToRetrained");
      scores(gaps.putObject(ORIGINAL), gapToRetrained.get(ORIGINAL));
      scores(gaps.putObject(UNLEARNED), gapToRetrained.get(UNLEARNED));
      ObjectNode ks = node.putObject("forgetLossKs");
      num(ks, "unlearnedVsRetrained", forgetLossKs.get(UNLEARNED + "VsRetrained"));
      num(ks, "originalVsRetrained", forgetLossKs.get(ORIGINAL + "VsRetrained"));
      ObjectNode distance = node.putObject("weightDistanceToRetrained");
      num(distance, UNLEARNED, weightDistanceToRetrained.get(UNLEARNED));
      num(distance, ORIGINAL, weightDistanceToRetrained.get(ORIGINAL));
    }
    ObjectNode seconds = node.putObject("seconds");
    num(seconds, "unlearning", unlearningSeconds);
    num(seconds, "retraining", retrainingSeconds);
    num(seconds, "evaluation", evaluationSeconds);
  }

  private static void scores(ObjectNode node, ModelScores s) {
    split(node.putObject("forget"), s.forget());
    split(node.putObject("retain"), s.retain());
    split(node.putObject("test"), s.test());
    ObjectNode mia = node.putObject("membership");
    num(mia, "aucForgetVsTest", s.membership().aucForgetVsTest());
    num(mia, "aucForgetVsRetain", s.membership().aucForgetVsRetain());
    num(mia, "tprAt1PctFpr", s.membership().tprAt1PctFpr());
    num(mia, "tprAt01PctFpr", s.membership().tprAt01PctFpr());
  }

  private static void split(ObjectNode node, SplitScores s) {
    node.put("rows", s.rows());
    num(node, "accuracy", s.accuracy());
    num(node, "meanLoss", s.meanLoss());
  }

  private static void num(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }
}
