package ai.hamu.spark.job;

/**
 * A documented configuration key: its property name, default and meaning. Implemented by the enums
 * that are the single source of each command's keys ({@link JobKey}, {@code
 * ai.hamu.spark.schedule.ScheduleKey}).
 */
public interface ConfigKey {

  /** The name, default (empty when the key has none) and meaning of one key. */
  record Spec(String key, String defaultValue, String description) {}

  /** This key's name, default and meaning. */
  Spec spec();

  /** The property name. */
  default String key() {
    return spec().key();
  }

  /** The default value, empty when the key has none. */
  default String defaultValue() {
    return spec().defaultValue();
  }

  /** What the key means. */
  default String description() {
    return spec().description();
  }

  /** The key of enum {@code type} with property name {@code key}, or {@code null}. */
  static <K extends Enum<K> & ConfigKey> K find(Class<K> type, String key) {
    for (K k : type.getEnumConstants()) {
      if (k.key().equals(key)) {
        return k;
      }
    }
    return null;
  }
}
