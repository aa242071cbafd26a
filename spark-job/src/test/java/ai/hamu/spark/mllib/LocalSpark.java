package ai.hamu.spark.mllib;

import org.apache.spark.sql.SparkSession;

/** The local Spark session a test class shares: two threads, no UI, bound to the loopback address. */
final class LocalSpark {

  private LocalSpark() {
  }

  static SparkSession start(Class<?> testClass) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(testClass.getSimpleName())
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  static void stop(SparkSession spark) {
    if (spark != null) {
      spark.stop();
    }
  }
}
