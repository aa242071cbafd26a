package ai.hamu.spark.data;

import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a DataFrame in a {@link DataFormat}: CSV with a header and inferred types, LibSVM as {@code
 * label} and {@code features}, a table by name. A missing or unreadable path is an {@link
 * InvalidInputException} naming the key and the path.
 */
public final class DataFrames {

  private DataFrames() {}

  /**
   * Reads {@code location} (a path, or a table name for {@link DataFormat#TABLE}); {@code key}
   * names it in errors.
   */
  public static Dataset<Row> read(
      SparkSession spark, DataFormat format, String location, String key) {
    if (location == null || location.isBlank()) {
      throw new InvalidInputException(
          key
              + ": expected a "
              + (format == DataFormat.TABLE ? "table name" : "path")
              + ", got nothing");
    }
    Dataset<Row> data;
    try {
      data =
          switch (format) {
            case TABLE -> spark.table(location);
            case CSV ->
                spark.read().option("header", "true").option("inferSchema", "true").csv(location);
            case PARQUET -> spark.read().parquet(location);
            case ORC -> spark.read().orc(location);
            case JSON -> spark.read().json(location);
            case LIBSVM -> spark.read().format("libsvm").load(location);
          };
    } catch (Exception e) { // Scala's AnalysisException is checked in Java but undeclared
      throw new InvalidInputException(
          key
              + ": cannot read "
              + format.name().toLowerCase(Locale.ROOT)
              + " '"
              + location
              + "': "
              + firstLine(e.getMessage()),
          e);
    }
    if (data.schema().isEmpty()) { // Spark reads a 0-byte CSV or JSON file as no columns at all
      throw new InvalidInputException(
          key,
          "a "
              + format.name().toLowerCase(Locale.ROOT)
              + " file with "
              + (format == DataFormat.CSV ? "a header line" : "columns"),
          "an empty file '" + location + "' (0 bytes)");
    }
    return data;
  }

  /**
   * Throws unless {@code data}, read from {@code location}, has a row; a CSV file whose columns are
   * all text and that has no row is reported as the header line alone that it is.
   */
  public static void requireRows(
      Dataset<Row> data, DataFormat format, String location, String key) {
    if (data.isEmpty()) {
      boolean headerOnly =
          format == DataFormat.CSV
              && Arrays.stream(data.schema().fields())
                  .allMatch(f -> f.dataType().equals(DataTypes.StringType));
      throw new InvalidInputException(
          key,
          "training data with at least one row",
          headerOnly
              ? "a header line only in '"
                  + location
                  + "' (columns "
                  + String.join(", ", data.columns())
                  + ")"
              : "0 rows");
    }
  }

  /**
   * The first non-blank line of an exception message, stripped (Spark's messages carry plans and
   * stack context after it, and a parse error's message starts with an empty line).
   */
  public static String firstLine(String message) {
    return message == null
        ? ""
        : message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
  }

  /**
   * Throws unless {@code data} has {@code column}; names the key, the column and the available
   * ones.
   */
  public static void requireColumn(Dataset<Row> data, String column, String key) {
    requireColumn(data.schema(), column, key);
  }

  /**
   * Throws unless {@code schema} has {@code column}; names the key, the column and the available
   * ones (without the columns the engine adds, whose names start with {@code __hamu_}).
   */
  public static void requireColumn(StructType schema, String column, String key) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new InvalidInputException(
          key
              + ": column '"
              + column
              + "' not found; columns: "
              + String.join(
                  ", ",
                  Arrays.stream(schema.fieldNames())
                      .filter(n -> !n.startsWith("__hamu_"))
                      .toList()));
    }
  }
}
