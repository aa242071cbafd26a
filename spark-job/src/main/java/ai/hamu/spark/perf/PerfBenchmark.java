package ai.hamu.spark.perf;

import ai.hamu.core.model.Activation;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.plan.PlannerConfig;
import ai.hamu.core.plan.StepPlanner;
import ai.hamu.core.plan.UpdateRule;
import ai.hamu.core.solve.InfeasibilityPolicy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The performance benchmark ({@code bin/hamu perf [--quick] [--sections a,b] [outputDir]}): runs
 * every section (or the listed ones) on the session's master and writes {@code results.csv} and
 * {@code results.md} to the output directory (default {@code target/hamu-perf}), rewritten after
 * each section. The default plan takes about 5 minutes on two idle cores; {@code --quick} runs
 * every section at toy sizes, to check that the benchmark works, not to measure anything.
 */
public final class PerfBenchmark {

  /** Sizes of one run. */
  record Plan(
      SyntheticData mllibData,
      int[] mllibHidden,
      int mllibFewIterations,
      int mllibMoreIterations,
      int hamuIterations,
      long profileRows,
      long[] rowGrid,
      int rowIterations,
      int[] hiddenWidths,
      long[] parameterRows,
      int parameterIterations,
      int letterRows,
      int originalIterations,
      int[] retrainGrid,
      int unlearnIterations,
      long[] shapeRows,
      long memoryRows) {

    static Plan full() {
      return new Plan(
          new SyntheticData(100_000, 50, 10, 4, 0.05, 7),
          new int[] {32},
          3,
          13,
          6,
          50_000,
          new long[] {10_000, 100_000, 1_000_000, 10_000_000},
          3,
          new int[] {2, 20, 80, 295, 980, 3140},
          new long[] {64, 1024},
          3,
          20_000,
          100,
          new int[] {10, 25, 50, 100, 150, 200},
          25,
          new long[] {60_000, 60_000, 1_000_000},
          1_000_000);
    }

    static Plan quick() {
      return new Plan(
          new SyntheticData(1_000, 5, 3, 2, 0.05, 7),
          new int[] {4},
          1,
          2,
          2,
          1_000,
          new long[] {1_000},
          2,
          new int[] {2},
          new long[] {256},
          2,
          2_000,
          2,
          new int[] {1},
          2,
          new long[] {512, 512, 5_000},
          2_000);
    }
  }

  private PerfBenchmark() {}

  /** Every section, in the order they run. */
  static final List<String> SECTIONS =
      List.of(
          MllibIterationBenchmark.SECTION,
          ExecutorProfile.SECTION,
          ShapesBenchmark.SECTION,
          ScalingBenchmark.SHAPES,
          MemoryBenchmark.SECTION,
          ScalingBenchmark.PARAMETERS,
          RetrainBenchmark.SECTION,
          ScalingBenchmark.ROWS);

  public static void main(String[] args) throws IOException {
    boolean quick = false;
    Set<String> sections = new LinkedHashSet<>(SECTIONS);
    String dir = "target/hamu-perf";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--sections" -> sections = sections(i + 1 < args.length ? args[++i] : "");
        default -> dir = args[i];
      }
    }
    SparkSession spark = SparkSession.builder().appName("hamu-perf").getOrCreate();
    try {
      Path out =
          run(spark, quick ? Plan.quick() : Plan.full(), sections, Path.of(dir).toAbsolutePath());
      System.out.println(
          "results: " + out.resolve("results.md") + " and " + out.resolve("results.csv"));
    } finally {
      spark.stop();
    }
  }

  /** The sections named in a comma-separated list, each checked against {@link #SECTIONS}. */
  static Set<String> sections(String list) {
    Set<String> chosen = new LinkedHashSet<>();
    for (String name : list.split(",")) {
      if (!SECTIONS.contains(name.trim())) {
        throw new IllegalArgumentException(
            "--sections: expected a comma-separated subset of "
                + SECTIONS
                + ", got '"
                + list
                + "'");
      }
      chosen.add(name.trim());
    }
    return chosen;
  }

  /**
   * Runs the chosen sections of {@code plan} on {@code spark} and writes the results into {@code
   * out}.
   */
  static Path run(SparkSession spark, Plan plan, Set<String> sections, Path out)
      throws IOException {
    long start = System.nanoTime();
    int cores = spark.sparkContext().defaultParallelism();
    JobTimes times = JobTimes.attach(spark.sparkContext());
    PerfResults results = new PerfResults();

    Header header = new Header(spark, cores, start);
    ScalingBenchmark.Checkpoint write = () -> results.write(out, header.text());
    SyntheticData mllib = plan.mllibData();
    if (sections.contains(MllibIterationBenchmark.SECTION)) {
      new MllibIterationBenchmark(spark, times, results)
          .run(
              mllib,
              plan.mllibHidden(),
              plan.mllibFewIterations(),
              plan.mllibMoreIterations(),
              plan.hamuIterations());
      write.run();
    }
    if (sections.contains(ExecutorProfile.SECTION)) {
      SyntheticData profileData =
          new SyntheticData(
              plan.profileRows(), mllib.features(), mllib.classes(), 1, mllib.forgetFraction(), 9);
      ExecutorProfile profile = new ExecutorProfile(spark, results);
      profile.run(
          "softmax LR " + mllib.features() + "x" + mllib.classes(),
          new FeedForwardModel(Architecture.softmaxRegression(mllib.features(), mllib.classes())),
          profileData);
      profile.run(
          "sigmoid MLP " + mllib.features() + "-" + plan.mllibHidden()[0] + "-" + mllib.classes(),
          new FeedForwardModel(
              Architecture.multilayerPerceptron(
                  List.of(mllib.features(), plan.mllibHidden()[0], mllib.classes()),
                  List.of(Activation.SIGMOID))),
          profileData);
      write.run();
    }
    if (sections.contains(ShapesBenchmark.SECTION)) {
      new ShapesBenchmark(results).run(plan.shapeRows());
      write.run();
    }
    ScalingBenchmark scaling = new ScalingBenchmark(spark, times, results, cores, write);
    if (sections.contains(ScalingBenchmark.SHAPES)) {
      scaling.shapes(plan.shapeRows(), 2 * cores, plan.hamuIterations());
    }
    if (sections.contains(MemoryBenchmark.SECTION)) {
      new MemoryBenchmark(spark, times, results).run(plan.memoryRows(), 100, 2);
      write.run();
    }
    if (sections.contains(ScalingBenchmark.PARAMETERS)) {
      scaling.parameters(
          plan.hiddenWidths(), plan.parameterRows(), 32, 4, plan.parameterIterations());
    }
    if (sections.contains(RetrainBenchmark.SECTION)) {
      new RetrainBenchmark(spark, results)
          .run(
              plan.letterRows(),
              plan.originalIterations(),
              plan.retrainGrid(),
              plan.unlearnIterations());
      write.run();
    }
    if (sections.contains(ScalingBenchmark.ROWS)) {
      scaling.rows(plan.rowGrid(), 10, 5, 4, plan.rowIterations());
      write.run();
    }
    return out;
  }

  /**
   * The Markdown header: the machine, the load, and the time so far (results are written after each
   * section).
   */
  private record Header(SparkSession spark, int cores, long startNanos, double loadBefore) {

    Header(SparkSession spark, int cores, long startNanos) {
      this(
          spark,
          cores,
          startNanos,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    String text() {
      return String.format(
          Locale.ROOT,
          "# HAMU performance benchmark%n%n"
              + "- date: %s%n- master: %s (%d cores for tasks); driver max heap %d MB; Java %s; Spark %s%n"
              + "- machine: %s, %d logical CPUs; load average %.2f at start, %.2f when written%n"
              + "- BLAS: HAMU on %s; MLlib on %s%n- run time: %.0f s%n",
          Instant.now(),
          spark.sparkContext().master(),
          cores,
          Runtime.getRuntime().maxMemory() >> 20,
          System.getProperty("java.version"),
          spark.version(),
          cpuModel(),
          Runtime.getRuntime().availableProcessors(),
          loadBefore,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          BlasInUse.nd4j(),
          BlasInUse.mllib(),
          Stats.millisSince(startNanos) / 1e3);
    }
  }

  /**
   * hamu-q with the job's default settings, except that an infeasible step does not end the run.
   */
  static UpdateRule hamuRule() {
    return new StepPlanner(
        PlannerConfig.builder(1.0)
            .feasibilityTarget(0.5)
            .policy(InfeasibilityPolicy.CONTINUE)
            .build());
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
    }
  }
}
