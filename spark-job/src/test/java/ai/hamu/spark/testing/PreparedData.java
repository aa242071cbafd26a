package ai.hamu.spark.testing;

import ai.hamu.core.data.LabeledData;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Builds prepared DataFrames (features, label, forget) from in-memory rows, with a chosen
 * partitioning.
 */
public final class PreparedData {

  public static final String FEATURES = "features";
  public static final String LABEL = "label";
  public static final String FORGET = "forget";

  private PreparedData() {}

  /** Retain rows then forget rows, spread over {@code partitions} partitions in that order. */
  public static Dataset<Row> of(
      SparkSession spark, LabeledData retain, LabeledData forget, int partitions) {
    StructType schema =
        new StructType()
            .add(FEATURES, SQLDataTypes.VectorType(), false)
            .add(LABEL, DataTypes.DoubleType, false)
            .add(FORGET, DataTypes.BooleanType, false);
    List<Row> rows = new ArrayList<>();
    add(rows, retain, false);
    add(rows, forget, true);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.createDataFrame(sc.parallelize(rows, partitions), schema);
  }

  private static void add(List<Row> rows, LabeledData data, boolean forget) {
    for (int i = 0; i < data.size(); i++) {
      rows.add(
          RowFactory.create(
              Vectors.dense(data.features().getRow(i).toDoubleVector()),
              data.labels().getDouble(i),
              forget));
    }
  }
}
