package ai.hamu.spark.eval;

import ai.hamu.core.metrics.MembershipInference;
import ai.hamu.core.metrics.ModelEvaluation;
import ai.hamu.core.metrics.RetrainGap;
import java.util.Locale;

/**
 * A plain-text table of an {@link Evaluation}, one line per model and one per gap, for consoles.
 */
public final class EvaluationTable {

  private EvaluationTable() {}

  /** The table, lines separated by {@code \n}. */
  public static String format(Evaluation e) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-22s %9s %9s %9s %9s %9s %9s %9s %9s%n",
            "model",
            "acc:forget",
            "retain",
            "test",
            "loss:forget",
            "retain",
            "test",
            "MIA:AUC",
            "TPR@1%"));
    for (String name :
        new String[] {Evaluation.ORIGINAL, Evaluation.UNLEARNED, Evaluation.RETRAINED}) {
      if (e.models().containsKey(name)) {
        ModelEvaluation m = e.models().get(name);
        row(
            b,
            name,
            m.forget().accuracy(),
            m.retain().accuracy(),
            m.test().accuracy(),
            m.forget().meanLoss(),
            m.retain().meanLoss(),
            m.test().meanLoss(),
            m.forgetVersusTestAuc(),
            m.forgetTprAtTestFpr(MembershipInference.FPR_1_PERCENT));
      }
    }
    for (String name : new String[] {Evaluation.ORIGINAL, Evaluation.UNLEARNED}) {
      if (e.gapToRetrained().containsKey(name)) {
        RetrainGap g = e.gapToRetrained().get(name);
        row(
            b,
            name + " - retrained",
            g.forgetAccuracy(),
            g.retainAccuracy(),
            g.testAccuracy(),
            g.forgetLoss(),
            g.retainLoss(),
            g.testLoss(),
            g.forgetTestAuc(),
            g.forgetTprAt1PctFpr());
      }
    }
    if (!e.gapToRetrained().isEmpty()) {
      b.append(
          String.format(
              Locale.ROOT,
              "forget-loss KS to retrained: unlearned %.4f, original %.4f; "
                  + "weight distance: unlearned %.4f, original %.4f%n",
              e.gapToRetrained().get(Evaluation.UNLEARNED).forgetLossKs(),
              e.gapToRetrained().get(Evaluation.ORIGINAL).forgetLossKs(),
              e.weightDistanceToRetrained().get(Evaluation.UNLEARNED),
              e.weightDistanceToRetrained().get(Evaluation.ORIGINAL)));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "seconds: unlearning %s, retraining %s, evaluation %s%n",
            seconds(e.unlearningSeconds()),
            seconds(e.retrainingSeconds()),
            seconds(e.evaluationSeconds())));
    return b.toString();
  }

  private static String seconds(double s) {
    return Double.isFinite(s) ? String.format(Locale.ROOT, "%.1f", s) : "-";
  }

  /**
   * One line: accuracy and mean loss on forget, retain and test rows, attack AUC (forget vs test),
   * TPR at 1% FPR.
   */
  private static void row(StringBuilder b, String name, double... values) {
    b.append(
        String.format(
            Locale.ROOT,
            "%-22s %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f%n",
            name,
            values[0],
            values[1],
            values[2],
            values[3],
            values[4],
            values[5],
            values[6],
            values[7]));
  }
}
