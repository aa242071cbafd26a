package ai.hamu.spark.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The tabular data of the job tests: rows (id, label, a, b, c, d) of three classes, each a unit
 * Gaussian cluster shifted by 1.5 along the feature column of its class index, so that a linear
 * model separates them well but not perfectly.
 */
public final class ThreeClassRows {

  /** The feature columns. */
  public static final String[] COLUMNS = {"a", "b", "c", "d"};

  private ThreeClassRows() {}

  /** {@code n} rows drawn from {@code random}; row {@code i} has id {@code id.apply(i)}. */
  public static List<Row> rows(Random random, int n, IntFunction<String> id) {
    return rows(random, n, id, 1.5);
  }

  /**
   * As {@link #rows(Random, int, IntFunction)} with the clusters shifted by {@code shift}: at 6 a
   * model fits its training rows to a loss near 0, as users train them.
   */
  public static List<Row> rows(Random random, int n, IntFunction<String> id, double shift) {
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int label = random.nextInt(3);
      Object[] v = new Object[2 + COLUMNS.length];
      v[0] = id.apply(i);
      v[1] = label;
      for (int j = 0; j < COLUMNS.length; j++) {
        v[2 + j] = random.nextGaussian() + (j == label ? shift : 0);
      }
      rows.add(RowFactory.create(v));
    }
    return rows;
  }

  /** The rows' schema: id string, label int, one double per feature column. */
  public static StructType schema() {
    StructType schema =
        new StructType().add("id", DataTypes.StringType).add("label", DataTypes.IntegerType);
    for (String c : COLUMNS) {
      schema = schema.add(c, DataTypes.DoubleType);
    }
    return schema;
  }

  /**
   * Writes {@code rows} as Parquet in {@code partitions} files at {@code path}; returns the path.
   */
  public static String write(SparkSession spark, List<Row> rows, String path, int partitions) {
    spark.createDataFrame(rows, schema()).repartition(partitions).write().parquet(path);
    return path;
  }
}
