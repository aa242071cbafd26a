package ai.hamu.core.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grid's charts as SVG documents, keyed by file name: per dataset the trade-off between the
 * forget-accuracy gap to retraining and the retain accuracy lost, one point per method and forget
 * set; κ at the original weights against the hard-mix ρ per dataset; and HAMU-Q's realised against
 * requested forget-loss increase, one point per run.
 */
public final class BenchCharts {

  private BenchCharts() {}

  /** Every chart of {@code table}, file name → SVG. */
  public static Map<String, SvgChart> all(ResultTable table) {
    Map<String, SvgChart> charts = new LinkedHashMap<>();
    for (String dataset : table.distinct(RunRecord::dataset)) {
      charts.put("tradeoff-" + dataset + ".svg", tradeoff(table, dataset));
    }
    charts.put("kappa-vs-rho.svg", kappaVersusRho(table));
    charts.put("forget-increase.svg", forgetIncrease(table));
    return charts;
  }

  /**
   * x: retain accuracy lost against the original; y: |forget accuracy − retrained forget accuracy|.
   */
  static SvgChart tradeoff(ResultTable table, String dataset) {
    SvgChart chart =
        new SvgChart(
            dataset + ": forgetting vs. damage (mean over seeds; one point per forget set)",
            "retain accuracy lost vs. original",
            "|forget acc − retrained forget acc|");
    int colour = 0;
    for (BenchMethod method : table.methods()) {
      List<SvgChart.Point> points = new ArrayList<>();
      for (List<RunRecord> cell : table.cells().values()) {
        RunRecord first = cell.get(0);
        if (first.dataset().equals(dataset) && first.method() == method) {
          points.add(
              new SvgChart.Point(
                  ResultTable.spread(cell, Metric.RETAIN_ACCURACY_LOSS).mean(),
                  ResultTable.spread(cell, Metric.ABS_GAP_FORGET_ACCURACY).mean(),
                  Double.NaN));
        }
      }
      chart.add(new SvgChart.Series(method.label(), colour(colour++), points, false));
    }
    return chart;
  }

  /**
   * κ at the original weights (from the HAMU-Q runs) against ρ of the class-based forget sets, mean
   * ± sd.
   */
  static SvgChart kappaVersusRho(ResultTable table) {
    SvgChart chart =
        new SvgChart(
            "hardness κ of the hard mix (mean ± sd over seeds)",
            "ρ (share of the forget class swapped for random rows)",
            "κ = cos∠(g_r, g_f) at the original model");
    int colour = 0;
    for (String dataset : table.distinct(RunRecord::dataset)) {
      List<SvgChart.Point> points = new ArrayList<>();
      for (List<RunRecord> cell : table.cells().values()) {
        RunRecord first = cell.get(0);
        if (first.dataset().equals(dataset)
            && first.method() == BenchMethod.HAMU_Q
            && !Double.isNaN(first.rho())) {
          SeedSpread k = ResultTable.spread(cell, Metric.KAPPA_INITIAL);
          points.add(new SvgChart.Point(first.rho(), k.mean(), k.sd()));
        }
      }
      points.sort((a, b) -> Double.compare(a.x(), b.x()));
      chart.add(new SvgChart.Series(dataset, colour(colour++), points, true));
    }
    return chart;
  }

  /**
   * HAMU-Q per run: requested Σ B against the first-order Σ ḡ_f·δ and the actual forget-loss rise.
   */
  static SvgChart forgetIncrease(ResultTable table) {
    SvgChart chart =
        new SvgChart(
                "HAMU-Q: realised vs. requested forget-loss increase (one point per run)",
                "requested Σ B over the steps",
                "realised increase of the mean forget loss")
            .withDiagonal();
    List<SvgChart.Point> firstOrder = new ArrayList<>();
    List<SvgChart.Point> actual = new ArrayList<>();
    for (RunRecord r : table.runs()) {
      if (r.method() == BenchMethod.HAMU_Q) {
        firstOrder.add(
            new SvgChart.Point(
                r.requestedForgetIncrease(), r.firstOrderForgetIncrease(), Double.NaN));
        actual.add(
            new SvgChart.Point(r.requestedForgetIncrease(), r.actualForgetIncrease(), Double.NaN));
      }
    }
    chart.add(new SvgChart.Series("first order Σ ḡ_f·δ", colour(0), firstOrder, false));
    chart.add(new SvgChart.Series("actual ΔL_f", colour(1), actual, false));
    return chart;
  }

  private static String colour(int i) {
    return SvgChart.PALETTE.get(i % SvgChart.PALETTE.size());
  }
}
