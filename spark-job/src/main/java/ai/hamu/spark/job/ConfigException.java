package ai.hamu.spark.job;

import ai.hamu.spark.data.InvalidInputException;

/** An invalid job setting: names the key, what was expected and what was given. */
public final class ConfigException extends InvalidInputException {

  private final String key;

  public ConfigException(String key, String expected, String actual) {
    super(key + ": expected " + expected + ", got '" + actual + "'");
    this.key = key;
  }

  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  /** The offending key. */
  public String key() {
    return key;
  }
}
