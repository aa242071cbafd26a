package ai.hamu.spark.perf;

import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.stats.BatchStatistics;
import ai.hamu.core.stats.ScratchWorkspace;
import ai.hamu.spark.data.BlockRows;
import ai.hamu.spark.data.RowBlockEncoder;
import ai.hamu.spark.executor.OriginalOutputs;
import ai.hamu.spark.executor.RowBlock;
import ai.hamu.spark.executor.StatisticsAccumulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.IntConsumer;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The executor's per-iteration work on one partition, step by step, timed in one thread of the
 * driver JVM over the same row blocks the executors cache: the loss statistics, the KL statistics,
 * adding each block's gradient into the partition's sums, and serializing the partial. It also
 * times, in the same run, the steps the optimisations removed — copying every block into ND4J
 * matrices and rebuilding its checked targets in every iteration (now kept with the cached block,
 * {@link RowBlock#prepared}), fresh off-heap memory for every temporary (now the thread's {@link
 * ScratchWorkspace}), the original model's forward pass that the KL sources repeated every
 * iteration (now cached as {@link OriginalOutputs}), and the flat copy plus scalar loop that each
 * block's gradient went through (now an in-place ND4J addition) — so before/after ratios come from
 * one run.
 */
final class ExecutorProfile {

  static final String SECTION = "executor-profile";
  private static final int REPEATS = 5;

  private final SparkSession spark;
  private final PerfResults results;

  ExecutorProfile(SparkSession spark, PerfResults results) {
    this.spark = spark;
    this.results = results;
  }

  void run(String name, FeedForwardModel model, SyntheticData spec) throws IOException {
    List<RowBlock> blocks =
        RowBlockEncoder.encode(
                spec.frame(spark),
                SyntheticData.FEATURES,
                SyntheticData.LABEL,
                SyntheticData.FORGET,
                spec.features(),
                spec.classes(),
                BlockRows.resolve(0, model.architecture()))
            .collect();
    ParameterBlocks theta = model.initialParameters(3);
    ParameterBlocks original = model.initialParameters(4);
    List<INDArray> x = new ArrayList<>();
    List<INDArray> y = new ArrayList<>();
    List<OriginalOutputs> cached = new ArrayList<>();
    for (RowBlock b : blocks) {
      x.add(b.featureMatrix());
      y.add(b.labelVector());
      cached.add(OriginalOutputs.of(model, original, b));
    }
    List<BatchStatistics> stats = new ArrayList<>();
    for (RowBlock b : blocks) {
      stats.add(model.lossStatistics(theta, b.prepared(model)));
    }
    int n = blocks.size();
    double matrices =
        time(
            n,
            i -> {
              blocks.get(i).featureMatrix();
              blocks.get(i).labelVector();
            });
    double unpreparedLoss = time(n, i -> model.lossStatistics(theta, x.get(i), y.get(i)));
    double unscratchedLoss =
        time(n, i -> model.lossStatistics(theta, blocks.get(i).prepared(model)));
    double loss =
        time(n, i -> inScratch(() -> model.lossStatistics(theta, blocks.get(i).prepared(model))));
    double forward = time(n, i -> model.outputs(original, x.get(i)));
    double outputsCopy =
        time(
            n,
            i ->
                new OriginalOutputs(
                        cached.get(i).rows(), cached.get(i).columns(), cached.get(i).values())
                    .matrix());
    double unscratchedKl =
        time(
            n,
            i ->
                model.klStatistics(
                    theta, blocks.get(i).prepared(model).features(), cached.get(i).matrix()));
    double kl =
        time(
            n,
            i ->
                inScratch(
                    () ->
                        model.klStatistics(
                            theta,
                            blocks.get(i).prepared(model).features(),
                            cached.get(i).matrix())));
    double ndAdd = timeAccumulation(model, stats);
    double flatAdd = timeFlatAddition(model, stats);
    StatisticsAccumulator partial =
        new StatisticsAccumulator(
            EnumSet.of(GradientSource.RETAIN_LOSS, GradientSource.FORGET_LOSS), model.blocks());
    stats.forEach(s -> partial.add(GradientSource.RETAIN_LOSS, s));
    long start = System.nanoTime();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(partial);
    }
    double serialize = Stats.millisSince(start);
    long rows = blocks.stream().mapToLong(RowBlock::rows).sum();

    results.put(SECTION, name, "rows", rows);
    results.put(SECTION, name, "blocks", n);
    results.put(SECTION, name, "loss stats ms", loss);
    results.put(SECTION, name, "KL stats ms", kl);
    results.put(SECTION, name, "gradient add ND4J ms", ndAdd);
    results.put(SECTION, name, "gradient add flat+loop (former) ms", flatAdd);
    results.put(SECTION, name, "matrices (former, every iteration) ms", matrices);
    results.put(
        SECTION, name, "loss stats outside the scratch workspace (former) ms", unscratchedLoss);
    results.put(SECTION, name, "loss stats with target building (former) ms", unpreparedLoss);
    results.put(SECTION, name, "KL stats outside the scratch workspace (former) ms", unscratchedKl);
    results.put(SECTION, name, "original forward (former KL) ms", forward);
    results.put(SECTION, name, "original outputs copy (former KL) ms", outputsCopy);
    results.put(SECTION, name, "serialize partial ms", serialize);
    results.put(SECTION, name, "partial KB", bytes.size() / 1e3);
    results.put(SECTION, name, "loss rows/s (1 thread)", rows / ((loss + ndAdd) / 1e3));
    results.put(
        SECTION,
        name,
        "loss pass before/after",
        (matrices + unpreparedLoss + flatAdd) / (loss + ndAdd));
    results.put(
        SECTION,
        name,
        "KL pass before/after",
        (matrices + forward + unscratchedKl + flatAdd) / (kl + ndAdd));
    results.put(SECTION, name, "scratch workspace speed-up, loss", unscratchedLoss / loss);
  }

  /** Runs {@code step} in a scope of the thread's scratch workspace, as the executors do. */
  @SuppressWarnings("try") // the workspace is a scope: its variable is never read
  private static void inScratch(Runnable step) {
    try (MemoryWorkspace scratch = ScratchWorkspace.open()) {
      step.run();
    }
  }

  /** Median over {@value #REPEATS} passes of the time to run {@code step} on every block index. */
  private static double time(int blocks, IntConsumer step) {
    double[] ms = new double[REPEATS];
    for (int r = 0; r < REPEATS; r++) {
      long start = System.nanoTime();
      for (int i = 0; i < blocks; i++) {
        step.accept(i);
      }
      ms[r] = Stats.millisSince(start);
    }
    return Stats.median(ms);
  }

  private static double timeAccumulation(FeedForwardModel model, List<BatchStatistics> stats) {
    return timeRepeated(
        () -> {
          StatisticsAccumulator acc =
              new StatisticsAccumulator(EnumSet.of(GradientSource.RETAIN_LOSS), model.blocks());
          stats.forEach(s -> acc.add(GradientSource.RETAIN_LOSS, s));
        });
  }

  /**
   * The former accumulation: each block's gradient flattened to a Java array and added element by
   * element.
   */
  private static double timeFlatAddition(FeedForwardModel model, List<BatchStatistics> stats) {
    int p = Math.toIntExact(model.blocks().stream().mapToLong(s -> s.size()).sum());
    return timeRepeated(
        () -> {
          double[] sum = new double[p];
          for (BatchStatistics s : stats) {
            double[] g = s.gradientSum().toFlatArray();
            for (int i = 0; i < p; i++) {
              sum[i] += g[i];
            }
          }
        });
  }

  private static double timeRepeated(Runnable work) {
    double[] ms = new double[REPEATS];
    for (int r = 0; r < REPEATS; r++) {
      long start = System.nanoTime();
      work.run();
      ms[r] = Stats.millisSince(start);
    }
    return Stats.median(ms);
  }
}
