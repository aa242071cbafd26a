package ai.hamu.spark.job;

import ai.hamu.core.forgetting.ForgettingTarget;
import java.util.Objects;

/**
 * The forgetting-target settings of a run ({@code hamu.target.*}): whether the target is measured,
 * its tolerances, and how many forgotten and held-out rows the driver evaluates for it.
 *
 * @param enabled whether the target is measured (off: the verdict is at best unverified)
 * @param tolerances the target's tolerances
 * @param sampleRows cap on the forgotten and on the held-out rows sampled to the driver (each, >=
 *     100)
 */
public record TargetConfig(boolean enabled, ForgettingTarget tolerances, int sampleRows) {

  /** The smallest sample cap: fewer rows give no meaningful AUC. */
  public static final int MIN_SAMPLE_ROWS = 100;

  public TargetConfig {
    Objects.requireNonNull(tolerances, "tolerances");
    if (sampleRows < MIN_SAMPLE_ROWS) {
      throw new IllegalArgumentException(
          "sampleRows: expected >= " + MIN_SAMPLE_ROWS + ", got " + sampleRows);
    }
  }

  /**
   * Reads and validates the {@code hamu.target.*} keys of {@code s} (the held-out location
   * excepted).
   */
  public static TargetConfig from(JobSettings s) {
    return new TargetConfig(
        s.flag(JobKey.TARGET_ENABLED),
        new ForgettingTarget(
            s.number(JobKey.TARGET_ACCURACY_TOLERANCE),
            s.number(JobKey.TARGET_AUC_TOLERANCE),
            s.number(JobKey.TARGET_LOSS_CAP_QUANTILE)),
        s.integer(JobKey.TARGET_SAMPLE_ROWS));
  }
}
