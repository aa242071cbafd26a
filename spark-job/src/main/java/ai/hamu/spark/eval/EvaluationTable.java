package ai.hamu.spark.eval;

import java.util.Locale;

/** A plain-text table of an {@link Evaluation}, one line per model and one per gap, for consoles. */
public final class EvaluationTable {

  private EvaluationTable() {
  }

  /** The table, lines separated by {@code \n}. */
  public static String format(Evaluation e) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%-22s %9s %9s %9s %9s %9s %9s %9s %9s%n", "model", "acc:forget",
        "retain", "test", "loss:forget", "retain", "test", "MIA:AUC", "TPR@1%"));
    for (String name : new String[] {Evaluation.ORIGINAL, Evaluation.UNLEARNED, Evaluation.RETRAINED}) {
      if (e.models().containsKey(name)) {
        row(b, name, e.models().get(name));
      }
    }
    for (String name : new String[] {Evaluation.ORIGINAL, Evaluation.UNLEARNED}) {
      if (e.gapToRetrained().containsKey(name)) {
        row(b, name + " - retrained", e.gapToRetrained().get(name));
      }
    }
    if (!e.forgetLossKs().isEmpty()) {
      b.append(String.format(Locale.ROOT, "forget-loss KS to retrained: unlearned %.4f, original %.4f; "
          + "weight distance: unlearned %.4f, original %.4f%n", e.forgetLossKs().get("unlearnedVsRetrained"),
          e.forgetLossKs().get("originalVsRetrained"), e.weightDistanceToRetrained().get(Evaluation.UNLEARNED),
          e.weightDistanceToRetrained().get(Evaluation.ORIGINAL)));
    }
    b.append(String.format(Locale.ROOT, "seconds: unlearning %s, retraining %s, evaluation %s%n",
        seconds(e.unlearningSeconds()), seconds(e.retrainingSeconds()), seconds(e.evaluationSeconds())));
    return b.toString();
  }

  private static String seconds(double s) {
    return Double.isFinite(s) ? String.format(Locale.ROOT, "%.1f", s) : "-";
  }

  private static void row(StringBuilder b, String name, ModelScores s) {
    b.append(String.format(Locale.ROOT, "%-22s %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f %9.4f%n", name,
        s.forget().accuracy(), s.retain().accuracy(), s.test().accuracy(), s.forget().meanLoss(),
        s.retain().meanLoss(), s.test().meanLoss(), s.membership().aucForgetVsTest(),
        s.membership().tprAt1PctFpr()));
  }
}
