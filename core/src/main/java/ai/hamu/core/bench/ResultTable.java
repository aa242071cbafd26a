package ai.hamu.core.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The grid's results as tables: every run as CSV, the mean and spread over seeds of every metric
 * per dataset × forget set × method as CSV, and Markdown tables of the headline metrics — one per
 * dataset with every forget set, and an overview per dataset averaged over its forget sets.
 */
public final class ResultTable {

  /** The metrics of the Markdown tables, in column order. */
  public static final List<Metric> HEADLINE =
      List.of(
          Metric.FORGET_ACCURACY,
          Metric.ABS_GAP_FORGET_ACCURACY,
          Metric.RETAIN_ACCURACY_LOSS,
          Metric.GAP_TEST_ACCURACY,
          Metric.MIA_AUC,
          Metric.ABS_GAP_MIA_AUC,
          Metric.KS_FORGET_LOSS,
          Metric.STEPS,
          Metric.WALL_SECONDS);

  private final List<RunRecord> runs;

  public ResultTable(List<RunRecord> runs) {
    this.runs = List.copyOf(Objects.requireNonNull(runs, "runs"));
    if (this.runs.isEmpty()) {
      throw new IllegalArgumentException("runs: expected at least one run, got none");
    }
  }

  /** One line per run with every metric. */
  public String runsCsv() {
    StringBuilder out =
        new StringBuilder(
            "dataset,forget_set,rho,method,learning_rate,seed,forget_rows,retain_rows,stop_reason,verdict");
    for (Metric m : Metric.values()) {
      out.append(',').append(m.column());
    }
    out.append('\n');
    for (RunRecord r : runs) {
      out.append(r.dataset())
          .append(',')
          .append(r.forgetSet())
          .append(',')
          .append(csv(r.rho()))
          .append(',')
          .append(r.method().label())
          .append(',')
          .append(csv(r.learningRate()))
          .append(',')
          .append(r.seed())
          .append(',')
          .append(r.forgetRows())
          .append(',')
          .append(r.retainRows())
          .append(',')
          .append(r.stopReason())
          .append(',')
          .append(r.verdict());
      for (Metric m : Metric.values()) {
        out.append(',').append(csv(m.of(r)));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** One line per dataset × forget set × method: mean and sample sd over seeds of every metric. */
  public String summaryCsv() {
    StringBuilder out = new StringBuilder("dataset,forget_set,rho,method,learning_rate,seeds");
    for (Metric m : Metric.values()) {
      out.append(',').append(m.column()).append("_mean,").append(m.column()).append("_sd");
    }
    out.append('\n');
    for (List<RunRecord> g : cells().values()) {
      RunRecord first = g.get(0);
      out.append(first.dataset())
          .append(',')
          .append(first.forgetSet())
          .append(',')
          .append(csv(first.rho()))
          .append(',')
          .append(first.method().label())
          .append(',')
          .append(csv(first.learningRate()))
          .append(',')
          .append(g.size());
      for (Metric m : Metric.values()) {
        SeedSpread s = spread(g, m);
        out.append(',').append(csv(s.mean())).append(',').append(csv(s.sd()));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Per dataset, the headline metrics of every method averaged over the forget sets (mean ± sd over
   * seeds).
   */
  public String overviewMarkdown() {
    StringBuilder out = new StringBuilder();
    for (String dataset : distinct(RunRecord::dataset)) {
      out.append("#### ")
          .append(dataset)
          .append(" — mean over ")
          .append(distinct(RunRecord::forgetSet, dataset).size())
          .append(" forget sets (± sd over seeds)\n\n");
      header(out, "method", null);
      for (List<RunRecord> rows :
          group(r -> List.of(r.dataset(), r.method(), r.learningRate())).values()) {
        if (!rows.get(0).dataset().equals(dataset)) {
          continue;
        }
        out.append("| ").append(label(rows.get(0)));
        for (Metric m : HEADLINE) {
          out.append(" | ").append(spreadOfSeedMeans(rows, m).format(digits(m)));
        }
        out.append(" |\n");
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Per dataset and forget set, the headline metrics of every method (mean ± sd over seeds). */
  public String detailMarkdown() {
    StringBuilder out = new StringBuilder();
    for (String dataset : distinct(RunRecord::dataset)) {
      out.append("#### ").append(dataset).append(" (mean ± sd over seeds)\n\n");
      header(out, "forget set | method", "stopped by");
      for (List<RunRecord> g : cells().values()) {
        RunRecord first = g.get(0);
        if (!first.dataset().equals(dataset)) {
          continue;
        }
        out.append("| ").append(first.forgetSet()).append(" | ").append(label(first));
        for (Metric m : HEADLINE) {
          out.append(" | ").append(spread(g, m).format(digits(m)));
        }
        out.append(" | ").append(stopReasons(g)).append(" |\n");
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Per dataset and forget set, every unlearning method's grid score: the mean over seeds of {@link
   * LearningRateChoice#distance} to the retrained model (the criterion the learning rates are tuned
   * on), the smallest in bold; then, per method, the cells where it is the closest (ties count for
   * every method tied).
   */
  public String closenessMarkdown() {
    List<String> methods =
        runs.stream().filter(r -> r.method().unlearns()).map(this::label).distinct().toList();
    StringBuilder out =
        new StringBuilder("| dataset | forget set | ")
            .append(String.join(" | ", methods))
            .append(" | closest |\n|---|---|")
            .append("---:|".repeat(methods.size()))
            .append("---|\n");
    Map<String, Integer> wins = new LinkedHashMap<>();
    methods.forEach(m -> wins.put(m, 0));
    int cellCount = 0;
    for (List<RunRecord> cell : group(r -> List.of(r.dataset(), r.forgetSet())).values()) {
      Map<String, Double> score = new LinkedHashMap<>();
      for (RunRecord r : cell) {
        if (r.method().unlearns()) {
          score.merge(label(r), LearningRateChoice.distance(r), Double::sum);
        }
      }
      Map<String, Long> seeds =
          cell.stream()
              .filter(r -> r.method().unlearns())
              .collect(Collectors.groupingBy(this::label, Collectors.counting()));
      score.replaceAll((m, sum) -> sum / seeds.get(m));
      double best =
          score.values().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
      List<String> closest =
          score.entrySet().stream()
              .filter(e -> e.getValue() == best)
              .map(Map.Entry::getKey)
              .toList();
      closest.forEach(m -> wins.merge(m, 1, Integer::sum));
      cellCount++;
      out.append("| ").append(cell.get(0).dataset()).append(" | ").append(cell.get(0).forgetSet());
      for (String m : methods) {
        String v = BenchFormat.fixed(score.getOrDefault(m, Double.NaN), 3);
        out.append(" | ").append(closest.contains(m) ? "**" + v + "**" : v);
      }
      out.append(" | ").append(String.join(", ", closest)).append(" |\n");
    }
    out.append("\nClosest to retraining, cells of ").append(cellCount).append(": ");
    out.append(
        wins.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", ")));
    return out.append('\n').toString();
  }

  /**
   * The runs grouped by dataset × forget set × method × learning rate: the seeds of one grid cell.
   */
  public Map<List<Object>, List<RunRecord>> cells() {
    return group(r -> List.of(r.dataset(), r.forgetSet(), r.method(), r.learningRate()));
  }

  /**
   * The method's label, with its learning rate when the runs hold several rates for it (a sweep).
   */
  public String label(RunRecord r) {
    long rates =
        runs.stream()
            .filter(x -> x.method() == r.method())
            .mapToDouble(RunRecord::learningRate)
            .distinct()
            .count();
    return rates > 1
        ? r.method().label() + " lr=" + BenchFormat.number(r.learningRate())
        : r.method().label();
  }

  /** The runs grouped by {@code key}, groups and their runs in first-seen order. */
  public Map<List<Object>, List<RunRecord>> group(Function<RunRecord, List<Object>> key) {
    Map<List<Object>, List<RunRecord>> groups = new LinkedHashMap<>();
    for (RunRecord r : runs) {
      groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
    }
    return groups;
  }

  /** The spread of {@code metric} over {@code rows} (one value per run). */
  public static SeedSpread spread(List<RunRecord> rows, Metric metric) {
    return SeedSpread.of(rows.stream().mapToDouble(metric::of).toArray());
  }

  /**
   * Averages {@code metric} over the rows of each seed, then takes the spread of those per-seed
   * means.
   */
  public static SeedSpread spreadOfSeedMeans(List<RunRecord> rows, Metric metric) {
    Map<Long, List<RunRecord>> bySeed =
        rows.stream()
            .collect(
                Collectors.groupingBy(RunRecord::seed, LinkedHashMap::new, Collectors.toList()));
    double[] means =
        bySeed.values().stream().mapToDouble(seedRows -> spread(seedRows, metric).mean()).toArray();
    return SeedSpread.of(means);
  }

  /** The runs. */
  public List<RunRecord> runs() {
    return runs;
  }

  /** The methods present, in enum order. */
  public List<BenchMethod> methods() {
    Set<BenchMethod> present = runs.stream().map(RunRecord::method).collect(Collectors.toSet());
    return BenchMethod.values().stream().filter(present::contains).toList();
  }

  /** The distinct values of {@code f}, in first-seen order. */
  public List<String> distinct(Function<RunRecord, String> f) {
    return new ArrayList<>(
        runs.stream().map(f).collect(Collectors.toCollection(LinkedHashSet::new)));
  }

  private List<String> distinct(Function<RunRecord, String> f, String dataset) {
    return new ArrayList<>(
        runs.stream()
            .filter(r -> r.dataset().equals(dataset))
            .map(f)
            .collect(Collectors.toCollection(LinkedHashSet::new)));
  }

  /**
   * How the runs of one cell ended, with counts over the seeds and, where a forgetting target was
   * measured and differs from the reason, the verdict: {@code ITERATION_LIMIT ×2,
   * STOPPING_CRITERION ×1}, {@code FORGOTTEN ×2, STEP_COLLAPSED (ESCALATE) ×1}.
   */
  static String stopReasons(List<RunRecord> cell) {
    Map<String, Long> counts =
        cell.stream()
            .collect(
                Collectors.groupingBy(
                    r ->
                        List.of("UNVERIFIED", "reference", r.stopReason()).contains(r.verdict())
                            ? r.stopReason()
                            : r.stopReason() + " (" + r.verdict() + ")",
                    LinkedHashMap::new,
                    Collectors.counting()));
    return counts.entrySet().stream()
        .map(e -> e.getKey() + " ×" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static void header(StringBuilder out, String first, String last) {
    out.append("| ").append(first);
    for (Metric m : HEADLINE) {
      out.append(" | ").append(m.heading());
    }
    if (last != null) {
      out.append(" | ").append(last);
    }
    out.append(" |\n|").append("---|".repeat(first.split("\\|").length));
    out.append("---:|".repeat(HEADLINE.size())).append(last == null ? "" : "---|").append('\n');
  }

  private static int digits(Metric m) {
    return m == Metric.WALL_SECONDS ? 2 : m == Metric.STEPS ? 1 : 3;
  }

  private static String csv(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }
}
