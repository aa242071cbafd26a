package ai.hamu.spark.grid;

import ai.hamu.core.metrics.ModelEvaluation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The defaults grid's CSV rows, progress lines and Markdown summary. */
final class GridTables {

  static final String CSV_HEADER =
      "dataset,model,forgetSet,seed,forgetRows,outcome,exit,iterations,keptSteps,"
          + "forgetAccOriginal,forgetAccUnlearned,forgetAccRetrained,miaOriginal,miaUnlearned,miaRetrained,"
          + "retainAccOriginal,retainAccUnlearned,retainAccRetrained,testAccOriginal,testAccUnlearned,testAccRetrained,"
          + "unlearnSeconds,retrainSeconds";

  private GridTables() {}

  static String csvRow(DefaultsGrid.Cell c) {
    return String.join(
        ",",
        c.dataset(),
        c.model(),
        c.forgetSet(),
        Long.toString(c.seed()),
        Long.toString(c.forgetRows()),
        c.outcome(),
        Integer.toString(c.exit()),
        Integer.toString(c.iterations()),
        Integer.toString(c.keptSteps()),
        f(c.original().forget().accuracy()),
        f(c.unlearned().forget().accuracy()),
        f(c.retrained().forget().accuracy()),
        f(c.original().forgetVersusTestAuc()),
        f(c.unlearned().forgetVersusTestAuc()),
        f(c.retrained().forgetVersusTestAuc()),
        f(c.original().retain().accuracy()),
        f(c.unlearned().retain().accuracy()),
        f(c.retrained().retain().accuracy()),
        f(c.original().test().accuracy()),
        f(c.unlearned().test().accuracy()),
        f(c.retrained().test().accuracy()),
        f(c.unlearnSeconds()),
        f(c.retrainSeconds()));
  }

  static String line(DefaultsGrid.Cell c) {
    return String.format(
        Locale.ROOT,
        "%-10s %-3s %-10s s%d %-13s it %3d | forget acc %.3f -> %.3f (retrain %.3f) "
            + "| MIA %.3f -> %.3f (retrain %.3f) | retain %.3f -> %.3f | test %.3f -> %.3f | %.1f s vs retrain %.1f s",
        c.dataset(),
        c.model(),
        c.forgetSet(),
        c.seed(),
        c.outcome(),
        c.iterations(),
        c.original().forget().accuracy(),
        c.unlearned().forget().accuracy(),
        c.retrained().forget().accuracy(),
        c.original().forgetVersusTestAuc(),
        c.unlearned().forgetVersusTestAuc(),
        c.retrained().forgetVersusTestAuc(),
        c.original().retain().accuracy(),
        c.unlearned().retain().accuracy(),
        c.original().test().accuracy(),
        c.unlearned().test().accuracy(),
        c.unlearnSeconds(),
        c.retrainSeconds());
  }

  /**
   * Per dataset × model × forget set: the verdicts, and the median and worst over seeds of the
   * forget-accuracy and membership-AUC gaps to the retrained model (unlearned, and the untouched
   * original for comparison), the retain and test accuracy change against the original, iterations,
   * and the unlearning time as a fraction of the retrain's.
   */
  static String summary(List<DefaultsGrid.Cell> cells) {
    Map<String, List<DefaultsGrid.Cell>> groups = new LinkedHashMap<>();
    for (DefaultsGrid.Cell c : cells) {
      groups
          .computeIfAbsent(
              c.dataset() + " | " + c.model() + " | " + c.forgetSet(), k -> new ArrayList<>())
          .add(c);
    }
    StringBuilder b =
        new StringBuilder(
            "| dataset | model | forget set | verdicts | forget-acc gap (original) "
                + "| MIA gap (original) | Δ retain acc | Δ test acc | iterations | time / retrain |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
    for (Map.Entry<String, List<DefaultsGrid.Cell>> g : groups.entrySet()) {
      List<DefaultsGrid.Cell> cs = g.getValue();
      Map<String, Integer> verdicts = new LinkedHashMap<>();
      cs.forEach(
          c ->
              verdicts.merge(
                  c.outcome().toLowerCase(Locale.ROOT).replace('_', ' '), 1, Integer::sum));
      b.append("| ")
          .append(g.getKey())
          .append(" | ")
          .append(verdicts.toString().replaceAll("[{}]", ""))
          .append(" | ")
          .append(medWorst(cs, c -> Math.abs(acc(c.unlearned()) - acc(c.retrained()))))
          .append(" (")
          .append(medWorst(cs, c -> Math.abs(acc(c.original()) - acc(c.retrained()))))
          .append(")")
          .append(" | ")
          .append(medWorst(cs, c -> Math.abs(mia(c.unlearned()) - mia(c.retrained()))))
          .append(" (")
          .append(medWorst(cs, c -> Math.abs(mia(c.original()) - mia(c.retrained()))))
          .append(")")
          .append(" | ")
          .append(
              medWorstSigned(
                  cs, c -> c.unlearned().retain().accuracy() - c.original().retain().accuracy()))
          .append(" | ")
          .append(
              medWorstSigned(
                  cs, c -> c.unlearned().test().accuracy() - c.original().test().accuracy()))
          .append(" | ")
          .append(median(cs, c -> c.iterations()))
          .append(" | ")
          .append(
              String.format(
                  Locale.ROOT, "%.3f", median(cs, c -> c.unlearnSeconds() / c.retrainSeconds())))
          .append(" |\n");
    }
    return b.toString();
  }

  private static double acc(ModelEvaluation e) {
    return e.forget().accuracy();
  }

  private static double mia(ModelEvaluation e) {
    return e.forgetVersusTestAuc();
  }

  /** "median / worst" (largest) of a non-negative gap. */
  private static String medWorst(
      List<DefaultsGrid.Cell> cs, ToDoubleFunction<DefaultsGrid.Cell> f) {
    double worst = cs.stream().mapToDouble(f).max().orElse(Double.NaN);
    return String.format(Locale.ROOT, "%.3f / %.3f", median(cs, f), worst);
  }

  /** "median / worst" (most negative) of a signed change. */
  private static String medWorstSigned(
      List<DefaultsGrid.Cell> cs, ToDoubleFunction<DefaultsGrid.Cell> f) {
    double worst = cs.stream().mapToDouble(f).min().orElse(Double.NaN);
    return String.format(Locale.ROOT, "%+.3f / %+.3f", median(cs, f), worst);
  }

  private static double median(List<DefaultsGrid.Cell> cs, ToDoubleFunction<DefaultsGrid.Cell> f) {
    double[] v = cs.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
