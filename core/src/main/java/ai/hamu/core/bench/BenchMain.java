package ai.hamu.core.bench;

import ai.hamu.core.io.BuildInfo;
import ai.hamu.core.unlearn.UnlearningDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bin/hamu bench}: runs the protocol grid and writes {@code runs.csv}, {@code summary.csv},
 * {@code summary.md} and the SVG charts into the output folder; with {@code --tune} it runs the
 * learning-rate sweep instead and writes {@code tuning.md} with every rate's score and the choice.
 * {@code --help} prints the options. Exit code 0 on success, 2 on invalid arguments.
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) throws IOException {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(BenchArguments.USAGE);
      return;
    }
    BenchArguments parsed;
    try {
      parsed = BenchArguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    long start = System.nanoTime();
    List<RunRecord> runs =
        new BenchRunner(
                parsed.config(),
                parsed.learningRateSweep(),
                line -> System.err.println("[bench] " + line))
            .run(parsed.threads());
    double minutes = (System.nanoTime() - start) / 6e10;
    Path out = parsed.outputDir();
    Files.createDirectories(out);
    ResultTable table = new ResultTable(runs);
    Files.writeString(out.resolve("runs.csv"), table.runsCsv());
    Files.writeString(out.resolve("summary.csv"), table.summaryCsv());
    String provenance = provenance(args, parsed, minutes);
    if (parsed.learningRateSweep().isEmpty()) {
      Files.writeString(
          out.resolve("summary.md"),
          "# Benchmark grid\n\n"
              + provenance
              + "\n## Overview\n\n"
              + table.overviewMarkdown()
              + "## Closest to retraining\n\n"
              + table.closenessMarkdown()
              + "\n## Every forget set\n\n"
              + table.detailMarkdown());
      for (Map.Entry<String, SvgChart> chart : BenchCharts.all(table).entrySet()) {
        Files.writeString(out.resolve(chart.getKey()), chart.getValue().render());
      }
    } else {
      Files.writeString(
          out.resolve("tuning.md"), "# Learning-rate sweep\n\n" + provenance + "\n" + tuning(runs));
    }
    System.out.printf(
        Locale.ROOT,
        "bench: %d runs in %.1f min; results in %s%n",
        runs.size(),
        minutes,
        out.toAbsolutePath());
  }

  private static String tuning(List<RunRecord> runs) {
    StringBuilder out =
        new StringBuilder(
            "Mean |Δ forget acc| + |Δ retain acc| + |Δ test acc| to the retrained "
                + "model, per method and learning rate (lower is better; the chosen rate in bold).\n\n");
    Map<BenchMethod, Map<Double, Double>> scores = LearningRateChoice.scores(runs);
    Map<BenchMethod, Double> chosen = LearningRateChoice.choose(runs);
    List<Double> rates =
        scores.values().stream().flatMap(m -> m.keySet().stream()).distinct().sorted().toList();
    out.append("| method |");
    rates.forEach(r -> out.append(" lr=").append(BenchFormat.number(r)).append(" |"));
    out.append("\n|---|").append("---:|".repeat(rates.size())).append('\n');
    scores.forEach(
        (method, byRate) -> {
          out.append("| ").append(method.label()).append(" |");
          for (double r : rates) {
            String s = BenchFormat.fixed(byRate.getOrDefault(r, Double.NaN), 3);
            out.append(' ').append(r == chosen.get(method) ? "**" + s + "**" : s).append(" |");
          }
          out.append('\n');
        });
    out.append("\nChosen: ");
    chosen.forEach(
        (m, r) -> out.append(m.label()).append('=').append(BenchFormat.number(r)).append(' '));
    return out.append('\n').toString();
  }

  private static String provenance(String[] args, BenchArguments parsed, double minutes) {
    BenchConfig c = parsed.config();
    BuildInfo build = BuildInfo.current();
    StringBuilder lr = new StringBuilder();
    c.methods().stream()
        .filter(BenchMethod::unlearns)
        .forEach(
            m ->
                lr.append(m.label())
                    .append('=')
                    .append(BenchFormat.number(c.learningRate(m)))
                    .append(' '));
    return String.format(
        Locale.ROOT,
        """
        - command: `bin/hamu bench %s`
        - datasets: %s (at most %d rows each, %s%% held out as test, %s%% for the forgetting target); forget class %d
        - forget sets: %s
        - seeds: %s
        - model: MLP [features, %d sigmoid, classes]; original and retrained by Adam (lr %s, %d epochs, batch %d)
        - unlearning: %d full-batch steps per method; learning rates %s%s; HAMU feasibility target c* = %s; \
        HAMU stops on its stopping criterion: %s; hamu-defaults: the job's defaults (HAMU-Q, lr %s, c* = %s, \
        trust region, forgetting target, at most %d iterations)
        - build: hamu %s, git %s, ND4J %s; %d cores, %d grid threads; finished %s; grid wall time %.1f min
        """,
        String.join(" ", args),
        String.join(", ", c.datasets()),
        c.maxRows(),
        BenchFormat.number(100 * c.testFraction()),
        BenchFormat.number(100 * c.heldOutFraction()),
        c.forgetClass(),
        String.join(", ", c.forgetSets().stream().map(ForgetSpec::name).toList()),
        c.seeds(),
        c.hiddenWidth(),
        BenchFormat.number(c.trainLearningRate()),
        c.trainEpochs(),
        c.trainBatchSize(),
        c.iterations(),
        lr.toString().trim(),
        parsed.learningRateSweep().isEmpty()
            ? ""
            : " (overridden by the sweep " + parsed.learningRateSweep() + ")",
        BenchFormat.number(c.feasibilityTarget()),
        c.stopOnCriterion() ? "yes" : "no (recorded only)",
        BenchFormat.number(UnlearningDefaults.LEARNING_RATE),
        BenchFormat.number(UnlearningDefaults.FEASIBILITY_TARGET),
        UnlearningDefaults.ITERATIONS,
        build.version(),
        build.gitCommit(),
        build.nd4jVersion(),
        Runtime.getRuntime().availableProcessors(),
        parsed.threads(),
        Instant.now(),
        minutes);
  }
}
