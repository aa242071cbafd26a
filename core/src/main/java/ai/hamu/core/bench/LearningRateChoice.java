package ai.hamu.core.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks each unlearning method's learning rate from a sweep by one criterion applied to every
 * method alike: the smallest mean distance to the retrained model over the sweep's runs, where the
 * distance of a run is |Δ forget acc| + |Δ retain acc| + |Δ test acc| to the retrain of the same
 * cell. Ties go to the smaller rate.
 */
public final class LearningRateChoice {

  private LearningRateChoice() {}

  /** The distance of one run to its retrained reference. */
  public static double distance(RunRecord r) {
    return Math.abs(r.gap().forgetAccuracy())
        + Math.abs(r.gap().retainAccuracy())
        + Math.abs(r.gap().testAccuracy());
  }

  /**
   * Per unlearning method present in {@code sweep}: every rate's mean distance, rates in increasing
   * order.
   */
  public static Map<BenchMethod, Map<Double, Double>> scores(List<RunRecord> sweep) {
    Map<BenchMethod, Map<Double, Double>> out = new LinkedHashMap<>();
    for (BenchMethod m : BenchMethod.values()) {
      if (!m.unlearns()) {
        continue;
      }
      Map<Double, Double> byRate = new LinkedHashMap<>();
      sweep.stream()
          .filter(r -> r.method() == m)
          .mapToDouble(RunRecord::learningRate)
          .distinct()
          .sorted()
          .forEach(
              lr ->
                  byRate.put(
                      lr,
                      sweep.stream()
                          .filter(r -> r.method() == m && r.learningRate() == lr)
                          .mapToDouble(LearningRateChoice::distance)
                          .average()
                          .orElseThrow()));
      if (!byRate.isEmpty()) {
        out.put(m, byRate);
      }
    }
    return out;
  }

  /** The chosen rate per method: the one with the smallest mean distance. */
  public static Map<BenchMethod, Double> choose(List<RunRecord> sweep) {
    Map<BenchMethod, Double> chosen = new LinkedHashMap<>();
    scores(sweep)
        .forEach(
            (m, byRate) -> {
              double best = Double.NaN;
              double bestScore = Double.POSITIVE_INFINITY;
              for (Map.Entry<Double, Double> e : byRate.entrySet()) {
                if (e.getValue() < bestScore) {
                  bestScore = e.getValue();
                  best = e.getKey();
                }
              }
              chosen.put(m, best);
            });
    return chosen;
  }
}
