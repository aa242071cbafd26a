package ai.hamu.spark.data;

import ai.hamu.core.config.ConfigChoice;
import java.util.Locale;

/**
 * Where a DataFrame comes from: a file format read from a path, or a catalog table. Its words
 * ({@code parquet}, …) are the values of every format key.
 */
public enum DataFormat implements ConfigChoice {
  PARQUET,
  ORC,
  CSV,
  JSON,
  LIBSVM,
  TABLE;

  /** The configuration word, e.g. {@code parquet}. */
  @Override
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
