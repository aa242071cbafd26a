package ai.hamu.spark.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a DataFrame comes from: a file format read from a path, or a catalog table. */
public enum DataFormat {
  PARQUET,
  ORC,
  CSV,
  JSON,
  LIBSVM,
  TABLE;

  /** Parses a configuration value such as {@code parquet}; {@code key} names it in the error. */
  public static DataFormat parse(String value, String key) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          key + ": expected one of " + configNames() + ", got '" + value + "'", e);
    }
  }

  /** The configuration name, e.g. {@code parquet}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every configuration name, in declaration order: {@code parquet, orc, ...}. */
  public static String configNames() {
    return Arrays.stream(values()).map(DataFormat::configName).collect(Collectors.joining(", "));
  }
}
