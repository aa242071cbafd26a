package ai.hamu.spark.job;

import ai.hamu.spark.data.DataFormat;
import ai.hamu.spark.train.TrainingSettings;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The validated evaluation settings of a job ({@code hamu.evaluate.*}); every error is a {@link
 * ConfigException} naming the key. The native retrain settings given here win over those recorded
 * in the model ({@link #nativeTraining}).
 *
 * @param enabled whether the job evaluates its run
 * @param testFormat format of the held-out test rows
 * @param testPath location of the held-out test rows (empty only when not enabled)
 * @param retrain whether a retrain reference runs
 * @param attackRows per-split cap of the per-example losses collected to the driver
 * @param seed seed of the attack sample (the run seed)
 * @param given the native retrain keys given, by key, as validated strings
 */
public record EvaluationConfig(
    boolean enabled,
    DataFormat testFormat,
    String testPath,
    boolean retrain,
    int attackRows,
    long seed,
    Map<JobKey, String> given) {

  /** The smallest loss sample per split: a smaller Bernoulli sample can come out empty. */
  static final int MIN_ATTACK_ROWS = 100;

  private static final List<JobKey> TRAINING_KEYS =
      List.of(
          JobKey.RETRAIN_OPTIMIZER,
          JobKey.RETRAIN_LEARNING_RATE,
          JobKey.RETRAIN_EPOCHS,
          JobKey.RETRAIN_BATCH_ROWS,
          JobKey.RETRAIN_SEED);

  public EvaluationConfig {
    Objects.requireNonNull(testFormat, "testFormat");
    Objects.requireNonNull(testPath, "testPath");
    given = Map.copyOf(given);
  }

  /**
   * Validates the evaluation keys of {@code s}; the test path is required when {@code required} or
   * when {@code hamu.evaluate.enabled} is true.
   */
  public static EvaluationConfig from(JobSettings s, boolean required) {
    boolean enabled = required || s.flag(JobKey.EVALUATE_ENABLED);
    DataFormat format =
        UnlearningConfig.parseFormat(
            s,
            s.isSet(JobKey.EVALUATE_TEST_FORMAT)
                ? JobKey.EVALUATE_TEST_FORMAT
                : JobKey.DATA_FORMAT);
    String testPath =
        enabled ? s.required(JobKey.EVALUATE_TEST_PATH) : s.string(JobKey.EVALUATE_TEST_PATH);
    boolean retrain =
        s.choice(JobKey.EVALUATE_RETRAIN, RetrainReference.class) == RetrainReference.AUTO;
    int attackRows = s.integer(JobKey.EVALUATE_ATTACK_ROWS);
    Map<JobKey, String> given = new EnumMap<>(JobKey.class);
    for (JobKey k : TRAINING_KEYS) {
      if (s.isSet(k)) {
        validate(k, s.string(k));
        given.put(k, s.string(k));
      }
    }
    return new EvaluationConfig(
        enabled, format, testPath, retrain, attackRows, s.longValue(JobKey.SEED), given);
  }

  /**
   * The native retrain settings: each given key, else the value {@code recorded} in the model's
   * provenance ({@link TrainingSettings#toDetails()}).
   *
   * @throws ConfigException naming the first key neither given nor recorded, or holding a bad value
   */
  public TrainingSettings nativeTraining(Map<String, String> recorded) {
    return new TrainingSettings(
        optimizer(value(JobKey.RETRAIN_OPTIMIZER, recorded)),
        learningRate(value(JobKey.RETRAIN_LEARNING_RATE, recorded)),
        atLeastOne(JobKey.RETRAIN_EPOCHS, value(JobKey.RETRAIN_EPOCHS, recorded)),
        atLeastOne(JobKey.RETRAIN_BATCH_ROWS, value(JobKey.RETRAIN_BATCH_ROWS, recorded)),
        seed(value(JobKey.RETRAIN_SEED, recorded)));
  }

  /** The given value of a native retrain key, else the model's recorded {@code train.<name>}. */
  private String value(JobKey key, Map<String, String> recorded) {
    String detail =
        TrainingSettings.DETAIL_PREFIX + key.key().substring(key.key().lastIndexOf('.') + 1);
    String value = given.containsKey(key) ? given.get(key) : recorded.get(detail);
    if (value == null || value.isBlank()) {
      throw new ConfigException(
          key.key(), "a value: the model records no " + detail + " to retrain with", "");
    }
    return value.trim();
  }

  /** Parses and range-checks one native retrain setting; the error names {@code key}. */
  private static void validate(JobKey key, String value) {
    switch (key) {
      case RETRAIN_OPTIMIZER -> optimizer(value);
      case RETRAIN_LEARNING_RATE -> learningRate(value);
      case RETRAIN_EPOCHS, RETRAIN_BATCH_ROWS -> atLeastOne(key, value);
      case RETRAIN_SEED -> seed(value);
      default -> throw new IllegalStateException("not a retrain key: " + key);
    }
  }

  private static TrainingSettings.Optimizer optimizer(String value) {
    return JobSettings.choose(
        JobKey.RETRAIN_OPTIMIZER.key(), List.of(TrainingSettings.Optimizer.values()), value);
  }

  private static double learningRate(String value) {
    String key = JobKey.RETRAIN_LEARNING_RATE.key();
    double lr;
    try {
      lr = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "a number", value);
    }
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new ConfigException(key, "a finite number > 0", value);
    }
    return lr;
  }

  private static int atLeastOne(JobKey key, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(key.key(), "an integer >= 1", value);
  }

  private static long seed(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ConfigException(JobKey.RETRAIN_SEED.key(), "an integer", value);
    }
  }
}
