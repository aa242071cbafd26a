package ai.hamu.spark.job;

import ai.hamu.spark.data.DataFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the held-out rows of the forgetting target are read: {@code hamu.target.heldout.path}, or
 * else the evaluation's test rows ({@code hamu.evaluate.test.path}), in their format.
 *
 * @param format the rows' format
 * @param location path or table name
 * @param key the key that gave the location, for error messages
 */
public record HeldOutRows(DataFormat format, String location, String key) {

  public HeldOutRows {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(key, "key");
  }

  /**
   * The held-out rows {@code s} names, if any; {@code dataFormat} is the training data's format.
   */
  public static Optional<HeldOutRows> from(JobSettings s, DataFormat dataFormat) {
    if (s.isSet(JobKey.TARGET_HELDOUT_PATH)) {
      DataFormat f =
          s.isSet(JobKey.TARGET_HELDOUT_FORMAT)
              ? UnlearningConfig.parseFormat(s, JobKey.TARGET_HELDOUT_FORMAT)
              : dataFormat;
      return Optional.of(
          new HeldOutRows(
              f, s.string(JobKey.TARGET_HELDOUT_PATH), JobKey.TARGET_HELDOUT_PATH.key()));
    }
    if (s.isSet(JobKey.EVALUATE_TEST_PATH)) {
      JobKey formatKey =
          s.isSet(JobKey.TARGET_HELDOUT_FORMAT)
              ? JobKey.TARGET_HELDOUT_FORMAT
              : s.isSet(JobKey.EVALUATE_TEST_FORMAT) ? JobKey.EVALUATE_TEST_FORMAT : null;
      DataFormat f = formatKey == null ? dataFormat : UnlearningConfig.parseFormat(s, formatKey);
      return Optional.of(
          new HeldOutRows(f, s.string(JobKey.EVALUATE_TEST_PATH), JobKey.EVALUATE_TEST_PATH.key()));
    }
    return Optional.empty();
  }
}
