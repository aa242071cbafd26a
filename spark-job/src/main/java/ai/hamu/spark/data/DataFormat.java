package ai.hamu.spark.data;

import java.util.Locale;

/** Where a DataFrame comes from: a file format read from a path, or a catalog table. */
public enum DataFormat {
  PARQUET, ORC, CSV, JSON, LIBSVM, TABLE;

  /** Parses a configuration value such as {@code parquet}; {@code key} names it in the error. */
  public static DataFormat parse(String value, String key) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(key + ": expected one of parquet, orc, csv, json, libsvm, table, got '" + value
          + "'", e);
    }
  }
}
