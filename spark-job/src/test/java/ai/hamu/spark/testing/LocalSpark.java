package ai.hamu.spark.testing;

import org.apache.spark.sql.SparkSession;

/** One local Spark session for the whole test JVM (local[2], loopback, no UI). */
public final class LocalSpark {

  private static SparkSession session;

  private LocalSpark() {}

  /** The shared session, created on first use and stopped when the JVM exits. */
  public static synchronized SparkSession get() {
    if (session == null) {
      session =
          SparkSession.builder()
              .master("local[2]")
              .appName("hamu-tests")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", "4")
              .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
