package ai.hamu.spark.job;

import ai.hamu.spark.data.DataFormat;
import ai.hamu.spark.train.TrainingSettings;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The validated evaluation settings of a job ({@code hamu.evaluate.*}); every error is a
 * {@link ConfigException} naming the key. The native retrain settings given here win over those
 * recorded in the model ({@link #nativeTraining}).
 *
 * @param enabled    whether the job evaluates its run
 * @param testFormat format of the held-out test rows
 * @param testPath   location of the held-out test rows (empty only when not enabled)
 * @param retrain    whether a retrain reference runs
 * @param attackRows per-split cap of the per-example losses collected to the driver
 * @param seed       seed of the attack sample (the run seed)
 * @param given      the native retrain keys given, by key, as validated strings
 */
public record EvaluationConfig(boolean enabled, DataFormat testFormat, String testPath, boolean retrain,
    int attackRows, long seed, Map<JobKey, String> given) {

  private static final List<JobKey> TRAINING_KEYS = List.of(JobKey.RETRAIN_OPTIMIZER, JobKey.RETRAIN_LEARNING_RATE,
      JobKey.RETRAIN_EPOCHS, JobKey.RETRAIN_BATCH_ROWS, JobKey.RETRAIN_SEED);

  public EvaluationConfig {
    Objects.requireNonNull(testFormat, "testFormat");
    Objects.requireNonNull(testPath, "testPath");
    given = Map.copyOf(given);
  }

  /**
   * Validates the evaluation keys of {@code s}; the test path is required when {@code required}
   * or when {@code hamu.evaluate.enabled} is true.
   */
  public static EvaluationConfig from(JobSettings s, boolean required) {
    boolean enabled = required || s.flag(JobKey.EVALUATE_ENABLED);
    DataFormat format = UnlearningConfig.parseFormat(s,
        s.isSet(JobKey.EVALUATE_TEST_FORMAT) ? JobKey.EVALUATE_TEST_FORMAT : JobKey.DATA_FORMAT);
    String testPath = enabled ? s.required(JobKey.EVALUATE_TEST_PATH) : s.string(JobKey.EVALUATE_TEST_PATH);
    boolean retrain = s.choice(JobKey.EVALUATE_RETRAIN, List.of("auto", "none")).equals("auto");
    int attackRows = s.integer(JobKey.EVALUATE_ATTACK_ROWS);
    if (attackRows < 1) {
      throw new ConfigException(JobKey.EVALUATE_ATTACK_ROWS.key(), "an integer >= 1", Integer.toString(attackRows));
    }
    Map<JobKey, String> given = new java.util.EnumMap<>(JobKey.class);
    for (JobKey k : TRAINING_KEYS) {
      if (s.isSet(k)) {
        given.put(k, s.string(k));
        setting(k, s.string(k)); // validate now
      }
    }
    return new EvaluationConfig(enabled, format, testPath, retrain, attackRows, s.longValue(JobKey.SEED), given);
  }

  /**
   * The native retrain settings: each given key, else the value {@code recorded} in the model's
   * provenance ({@link TrainingSettings#toDetails()}).
   *
   * @throws ConfigException naming the first key neither given nor recorded, or holding a bad value
   */
  public TrainingSettings nativeTraining(Map<String, String> recorded) {
    Object[] v = new Object[TRAINING_KEYS.size()];
    for (int i = 0; i < v.length; i++) {
      JobKey k = TRAINING_KEYS.get(i);
      String detail = TrainingSettings.DETAIL_PREFIX + k.key().substring(k.key().lastIndexOf('.') + 1);
      String value = given.containsKey(k) ? given.get(k) : recorded.get(detail);
      if (value == null || value.isBlank()) {
        throw new ConfigException(k.key(), "a value: the model records no " + detail + " to retrain with", "");
      }
      v[i] = setting(k, value);
    }
    try {
      return new TrainingSettings((TrainingSettings.Optimizer) v[0], (Double) v[1], (Integer) v[2], (Integer) v[3],
          (Long) v[4]);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(JobKey.EVALUATE_RETRAIN.key(), e.getMessage());
    }
  }

  /** One native retrain setting parsed and range-checked; the error names {@code key}. */
  private static Object setting(JobKey key, String value) {
    String v = value.trim();
    try {
      return switch (key) {
        case RETRAIN_OPTIMIZER -> TrainingSettings.Optimizer.parse(v, key.key());
        case RETRAIN_LEARNING_RATE -> {
          double lr = Double.parseDouble(v);
          if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new ConfigException(key.key(), "a finite number > 0", v);
          }
          yield lr;
        }
        case RETRAIN_EPOCHS, RETRAIN_BATCH_ROWS -> {
          int n = Integer.parseInt(v);
          if (n < 1) {
            throw new ConfigException(key.key(), "an integer >= 1", v);
          }
          yield n;
        }
        case RETRAIN_SEED -> Long.parseLong(v);
        default -> throw new IllegalStateException("not a retrain key: " + key);
      };
    } catch (NumberFormatException e) {
      throw new ConfigException(key.key(), key == JobKey.RETRAIN_LEARNING_RATE ? "a number" : "an integer", v);
    } catch (ConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key.key(), "sgd or adam", v);
    }
  }
}
