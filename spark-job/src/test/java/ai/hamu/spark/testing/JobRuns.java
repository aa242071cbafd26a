package ai.hamu.spark.testing;

import ai.hamu.spark.job.JobConfig;
import ai.hamu.spark.job.JobOutcome;
import ai.hamu.spark.job.JobSettings;
import ai.hamu.spark.job.UnlearnJobRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Running the unlearning job from settings in tests: in-process and quiet, or as command-line
 * arguments.
 */
public final class JobRuns {

  private JobRuns() {}

  /**
   * Runs the job on the shared local Spark with {@code settings}, discarding its progress output.
   */
  public static JobOutcome quietly(Map<String, String> settings) throws IOException {
    return new UnlearnJobRunner(
            LocalSpark.get(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .run(JobConfig.from(JobSettings.of(settings)));
  }

  /** The settings as {@code key=value} command-line arguments. */
  public static String[] args(Map<String, String> settings) {
    return settings.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
  }
}
