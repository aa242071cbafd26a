package ai.hamu.spark.perf;

import ai.hamu.core.model.Activation;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.spark.data.BlockRows;
import ai.hamu.spark.data.RowBlockEncoder;
import ai.hamu.spark.executor.RowBlock;
import java.io.IOException;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * How the iteration time grows with rows (a fixed small softmax model) and with parameters (a
 * two-hidden-layer sigmoid MLP on a fixed number of rows), each point a full hamu-q iteration
 * profiled by {@link IterationProfiler}: where the time goes, the gradient throughput in rows per
 * second per core, and the driver share — the part of the iteration in which no Spark job runs
 * (broadcast, collect-and-merge of the partials, the solve).
 */
final class ScalingBenchmark {

  static final String ROWS = "scaling-rows";
  static final String PARAMETERS = "scaling-parameters";
  static final String PROFILE = "iteration-profile";
  static final String SHAPES = "model-shapes-spark";

  private final SparkSession spark;
  private final JobTimes times;
  private final PerfResults results;
  private final int cores;
  private final Checkpoint afterEachPoint;

  /** What to do after each measured point (the benchmark writes its results so far). */
  interface Checkpoint {
    void run() throws IOException;
  }

  ScalingBenchmark(
      SparkSession spark,
      JobTimes times,
      PerfResults results,
      int cores,
      Checkpoint afterEachPoint) {
    this.spark = spark;
    this.times = times;
    this.results = results;
    this.cores = cores;
    this.afterEachPoint = afterEachPoint;
  }

  /**
   * Softmax regression with {@code features} features and {@code classes} classes, at each row
   * count.
   */
  void rows(long[] rowCounts, int features, int classes, int partitions, int iterations)
      throws IOException {
    FeedForwardModel model =
        new FeedForwardModel(Architecture.softmaxRegression(features, classes));
    results.note(
        ROWS,
        "Softmax regression, "
            + features
            + " features, "
            + classes
            + " classes ("
            + parameterCount(model)
            + " parameters), "
            + partitions
            + " partitions, "
            + iterations
            + " hamu-q iterations per point, medians without the first.");
    for (long n : rowCounts) {
      point(
          ROWS,
          n + " rows",
          model,
          new SyntheticData(n, features, classes, partitions, 0.05, 11),
          iterations);
    }
  }

  /**
   * A d-h-h-10 sigmoid MLP for each hidden width h, on each row count: the executor math grows with
   * rows × parameters, moving and merging the partials with partitions × parameters, so the fewer
   * the rows per partition, the sooner the second overtakes the first.
   */
  void parameters(
      int[] hiddenWidths, long[] rowCounts, int features, int partitions, int iterations)
      throws IOException {
    results.note(
        PARAMETERS,
        "Sigmoid MLP "
            + features
            + "-h-h-10, "
            + partitions
            + " partitions, "
            + iterations
            + " hamu-q iterations per point, medians without the first.");
    for (long rowCount : rowCounts) {
      for (int h : hiddenWidths) {
        FeedForwardModel model =
            new FeedForwardModel(
                Architecture.multilayerPerceptron(
                    List.of(features, h, h, 10), List.of(Activation.SIGMOID, Activation.SIGMOID)));
        point(
            PARAMETERS,
            parameterCount(model) + " parameters (h=" + h + "), " + rowCount + " rows",
            model,
            new SyntheticData(rowCount, features, 10, partitions, 0.05, 13),
            iterations);
      }
    }
  }

  /**
   * A full hamu-q iteration on each of {@link ShapesBenchmark#SHAPES}, on {@code rows[i]} synthetic
   * rows: the Spark side of the comparison with other engines, whose one-thread executor figures
   * the {@code model-shapes} section gives.
   */
  void shapes(long[] rows, int partitions, int iterations) throws IOException {
    results.note(
        SHAPES,
        "The model-shapes section's shapes as full hamu-q iterations ("
            + partitions
            + " partitions, blocks sized to the model, "
            + iterations
            + " iterations per shape, medians without the first); rows/s/core (iteration wall) ="
            + " rows / iteration wall time / cores.");
    for (int s = 0; s < ShapesBenchmark.SHAPES.size(); s++) {
      ShapesBenchmark.Shape shape = ShapesBenchmark.SHAPES.get(s);
      FeedForwardModel model = new FeedForwardModel(shape.architecture());
      int classes = Math.max(shape.architecture().numClasses(), 2);
      SyntheticData spec =
          new SyntheticData(
              rows[s], shape.architecture().numFeatures(), classes, partitions, 0.05, 17);
      point(SHAPES, shape.name(), model, spec, iterations);
    }
  }

  private void point(
      String section, String name, FeedForwardModel model, SyntheticData spec, int iterations)
      throws IOException {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<RowBlock> blocks =
        RowBlockEncoder.encode(
                spec.frame(spark),
                SyntheticData.FEATURES,
                SyntheticData.LABEL,
                SyntheticData.FORGET,
                spec.features(),
                spec.classes(),
                BlockRows.resolve(0, model.architecture()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      blocks.count();
      IterationProfiler.Breakdown b =
          IterationProfiler.steady(
              IterationProfiler.run(
                  sc,
                  times,
                  model,
                  blocks,
                  model.initialParameters(5),
                  PerfBenchmark.hamuRule(),
                  iterations));
      results.put(section, name, "rows", spec.rows());
      results.put(section, name, "parameters", parameterCount(model));
      results.put(section, name, "iteration ms", b.wall());
      results.put(section, name, "executor jobs ms", b.jobs());
      results.put(section, name, "task CPU ms", b.taskCpu());
      results.put(section, name, "broadcast ms", b.broadcast());
      results.put(section, name, "collect+merge ms", b.mergeTail());
      results.put(section, name, "solve ms", b.solve());
      results.put(section, name, "task ser/deser ms", b.taskOverhead());
      results.put(section, name, "result MB", b.resultBytes() / 1e6);
      results.put(section, name, "shuffle MB", b.shuffleBytes() / 1e6);
      results.put(section, name, "driver share", (b.wall() - b.jobs()) / b.wall());
      results.put(section, name, "rows/s/core (task run time)", spec.rows() / (b.taskRun() / 1e3));
      results.put(
          section, name, "rows/s/core (iteration wall)", spec.rows() / (b.wall() / 1e3) / cores);
    } finally {
      blocks.unpersist(true);
    }
    afterEachPoint.run();
  }

  private static long parameterCount(FeedForwardModel model) {
    return model.blocks().stream().mapToLong(s -> s.size()).sum();
  }
}
