package ai.hamu.spark.perf;

import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.spark.data.BlockRows;
import ai.hamu.spark.data.RowBlockEncoder;
import ai.hamu.spark.executor.RowBlock;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.bytedeco.javacpp.Pointer;

/**
 * What the cached rows cost in memory: binary logistic regression's blocks cached as the job caches
 * them, measured after caching and after iterations, as the live Java heap (after full
 * collections), the committed heap, and the process's resident memory (which also holds ND4J's
 * off-heap arrays), each relative to before caching. Meaningful with a {@code local} master, where
 * the executors' memory is this JVM's.
 */
final class MemoryBenchmark {

  static final String SECTION = "cache-memory";

  private final SparkSession spark;
  private final JobTimes times;
  private final PerfResults results;

  MemoryBenchmark(SparkSession spark, JobTimes times, PerfResults results) {
    this.spark = spark;
    this.times = times;
    this.results = results;
  }

  void run(long rows, int features, int iterations) {
    FeedForwardModel model = new FeedForwardModel(Architecture.binaryLogisticRegression(features));
    SyntheticData spec = new SyntheticData(rows, features, 2, 4, 0.05, 17);
    results.note(
        SECTION,
        "Binary logistic regression, "
            + rows
            + " rows x "
            + features
            + " features ("
            + mb(8.0 * rows * features)
            + " MB of features), 4 partitions, master "
            + spark.sparkContext().master()
            + "; MB relative to before caching.");
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Usage before = Usage.now();
    JavaRDD<RowBlock> blocks =
        RowBlockEncoder.encode(
                spec.frame(spark),
                SyntheticData.FEATURES,
                SyntheticData.LABEL,
                SyntheticData.FORGET,
                features,
                2,
                BlockRows.resolve(0, model.architecture()))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      blocks.count();
      put("cached, before the first iteration", Usage.now().minus(before));
      IterationProfiler.run(
          sc,
          times,
          model,
          blocks,
          model.initialParameters(5),
          PerfBenchmark.hamuRule(),
          iterations);
      put("after " + iterations + " iterations", Usage.now().minus(before));
    } finally {
      blocks.unpersist(true);
    }
  }

  private void put(String point, Usage usage) {
    results.put(SECTION, point, "live heap MB", mb(usage.liveHeapBytes()));
    results.put(SECTION, point, "committed heap MB", mb(usage.committedHeapBytes()));
    results.put(SECTION, point, "resident MB", mb(usage.residentBytes()));
  }

  private static double mb(double bytes) {
    return Math.round(bytes / 1e5) / 10.0;
  }

  /** Live and committed heap, and the process's resident set. */
  private record Usage(double liveHeapBytes, double committedHeapBytes, double residentBytes) {
    /** Measured after two full collections and a pause for ND4J's deallocator thread. */
    static Usage now() {
      for (int i = 0; i < 2; i++) {
        System.gc();
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      return new Usage(heap.getUsed(), heap.getCommitted(), Pointer.physicalBytes());
    }

    Usage minus(Usage base) {
      return new Usage(
          liveHeapBytes - base.liveHeapBytes,
          committedHeapBytes - base.committedHeapBytes,
          residentBytes - base.residentBytes);
    }
  }
}
