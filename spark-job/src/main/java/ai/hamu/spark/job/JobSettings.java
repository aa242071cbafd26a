package ai.hamu.spark.job;

import ai.hamu.core.config.ConfigChoice;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Raw job settings: a properties file plus {@code key=value} overrides, checked against {@link
 * JobKey} (unknown keys are refused, naming them), with typed accessors that name the key in every
 * error. Defaults come from {@link JobKey}.
 */
public final class JobSettings {

  private final Map<String, String> values;

  private JobSettings(Map<String, String> values) {
    this.values = values;
  }

  /** Settings from a map of property names to values. */
  public static JobSettings of(Map<String, String> given) {
    Map<String, String> values = new TreeMap<>();
    for (Map.Entry<String, String> e : given.entrySet()) {
      if (ConfigKey.find(JobKey.class, e.getKey()) == null) {
        throw new ConfigException(
            e.getKey(), "unknown key (see conf/hamu-job.properties for every key)");
      }
      values.put(e.getKey(), e.getValue().trim());
    }
    return new JobSettings(values);
  }

  /**
   * Settings from command-line arguments: {@code --config <file>} loads a properties file, and
   * every other argument is a {@code key=value} override applied after it.
   */
  public static JobSettings fromArgs(String[] args) {
    return of(CommandLineSettings.parse(args));
  }

  /** The value of {@code key}, or its default. */
  public String string(JobKey key) {
    return values.getOrDefault(key.key(), key.defaultValue());
  }

  /** Whether {@code key} has a non-empty value (given or default). */
  public boolean isSet(JobKey key) {
    return !string(key).isEmpty();
  }

  /** A required, non-empty value. */
  public String required(JobKey key) {
    String v = string(key);
    if (v.isEmpty()) {
      throw new ConfigException(key.key(), "a value (required)", "");
    }
    return v;
  }

  /** A double in the key's {@link JobKey#range() range}, if it has one; {@code inf} is accepted. */
  public double number(JobKey key) {
    String v = string(key);
    double d;
    try {
      d = v.equalsIgnoreCase("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(
          key.key(), key.range().map(ValueRange::expected).orElse("a number"), v);
    }
    return inRange(key, d, v);
  }

  /** An int in the key's {@link JobKey#range() range}, if it has one. */
  public int integer(JobKey key) {
    String v = string(key);
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(
          key.key(), key.range().map(ValueRange::expected).orElse("an integer"), v);
    }
    return (int) inRange(key, n, v);
  }

  private static double inRange(JobKey key, double value, String text) {
    if (key.range().isPresent() && !key.range().get().contains(value)) {
      throw new ConfigException(key.key(), key.range().get().expected(), text);
    }
    return value;
  }

  /** A long. */
  public long longValue(JobKey key) {
    String v = string(key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(key.key(), "an integer", v);
    }
  }

  /** {@code true} or {@code false}. */
  public boolean flag(JobKey key) {
    String v = string(key).toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw new ConfigException(key.key(), "true or false", v);
    }
    return Boolean.parseBoolean(v);
  }

  /**
   * The choice that the key's word selects (trimmed, any case), as a {@code type}.
   *
   * @throws ConfigException naming the key, every word it takes and the value given
   * @throws IllegalArgumentException if the key's choices are not values of {@code type}
   */
  public <E extends ConfigChoice> E choice(JobKey key, Class<E> type) {
    if (!key.isChoice() || !key.choices().stream().allMatch(type::isInstance)) {
      throw new IllegalArgumentException(
          key.key() + " does not take values of " + type.getSimpleName());
    }
    return type.cast(chosen(key));
  }

  /** The value of choice key {@code key}. */
  private ConfigChoice chosen(JobKey key) {
    return choose(key.key(), key.choices(), string(key));
  }

  /**
   * The value of {@code choices} whose word is {@code value} (trimmed, any case).
   *
   * @throws ConfigException naming {@code key}, every word of {@code choices} and the value given
   */
  public static <E extends ConfigChoice> E choose(String key, List<E> choices, String value) {
    return ConfigChoice.parse(choices, value)
        .orElseThrow(
            () -> new ConfigException(key, "one of " + ConfigChoice.configNames(choices), value));
  }

  /**
   * Checks the value of every choice key and of every numeric key with a range, whether or not the
   * configured method reads it, so that a misspelt or out-of-range value fails rather than being
   * ignored.
   *
   * @throws ConfigException naming the first key whose value is not accepted
   */
  public void checkValues() {
    for (JobKey key : JobKey.values()) {
      // empty is accepted only where the key has no default: it falls back to another key
      if (key.isChoice() && !(string(key).isEmpty() && key.defaultValue().isEmpty())) {
        chosen(key);
      }
      if (key.range().isPresent() && isSet(key)) {
        if (key.range().get().integer()) {
          integer(key);
        } else {
          number(key);
        }
      }
    }
  }

  /** One of {@code choices}, lower-case. */
  public String choice(JobKey key, List<String> choices) {
    String v = string(key).toLowerCase(Locale.ROOT);
    if (!choices.contains(v)) {
      throw new ConfigException(key.key(), "one of " + String.join(", ", choices), v);
    }
    return v;
  }

  /** Every key with its resolved value (defaults included), for the run report. */
  public Map<String, String> resolved() {
    Map<String, String> out = new TreeMap<>();
    for (JobKey k : JobKey.values()) {
      out.put(k.key(), string(k));
    }
    return Collections.unmodifiableMap(out);
  }
}
