package ai.hamu.spark.schedule;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import ai.hamu.spark.data.DataFrames;
import ai.hamu.spark.data.InvalidInputException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads the deletion requests (Parquet, CSV, JSON files or a table) and forms the batch of every
 * request made up to the cutoff that no published batch has handled yet. Request ids are compared
 * as text; a request time that is not a timestamp is an error naming the column.
 */
public final class DeletionRequests {

  private final SparkSession spark;
  private final ScheduleConfig config;

  public DeletionRequests(SparkSession spark, ScheduleConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** The pending batch, or empty when every request up to the cutoff is in a published batch. */
  public Optional<DeletionBatch> pending(Set<String> handledRequestIds) {
    Dataset<Row> raw =
        DataFrames.read(
            spark, config.requestsFormat(), config.requestsPath(), ScheduleKey.REQUESTS_PATH.key());
    DataFrames.requireColumn(raw, config.requestIdColumn(), ScheduleKey.REQUESTS_ID_COLUMN.key());
    DataFrames.requireColumn(raw, config.rowIdColumn(), ScheduleKey.REQUESTS_ROW_COLUMN.key());
    DataFrames.requireColumn(raw, config.timeColumn(), ScheduleKey.REQUESTS_TIME_COLUMN.key());
    Dataset<Row> requests =
        raw.select(
            col(config.requestIdColumn()).cast(DataTypes.StringType).as("request"),
            col(config.rowIdColumn()).as(DeletionBatch.ROW_ID),
            col(config.timeColumn()).as("raw_time"),
            col(config.timeColumn()).cast(DataTypes.TimestampType).as("time"));
    List<Row> badTime =
        requests
            .filter(col("raw_time").isNotNull().and(col("time").isNull()))
            .select(col("raw_time").cast(DataTypes.StringType))
            .takeAsList(1);
    if (!badTime.isEmpty()) {
      throw new InvalidInputException(
          ScheduleKey.REQUESTS_TIME_COLUMN.key()
              + ": column '"
              + config.timeColumn()
              + "' must hold timestamps, got '"
              + badTime.get(0).getString(0)
              + "'");
    }
    if (!requests.filter(col("request").isNull().or(col("time").isNull())).isEmpty()) {
      throw new InvalidInputException(
          ScheduleKey.REQUESTS_PATH.key()
              + ": every request needs a request id and a "
              + "time, got a row with null in '"
              + config.requestIdColumn()
              + "' or '"
              + config.timeColumn()
              + "'");
    }
    Dataset<Row> due = requests.filter(col("time").leq(lit(Timestamp.from(config.cutoff()))));
    Set<String> ids = new TreeSet<>();
    for (Row r : due.select("request").distinct().collectAsList()) {
      if (!handledRequestIds.contains(r.getString(0))) {
        ids.add(r.getString(0));
      }
    }
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    Dataset<Row> rows =
        due.filter(col("request").isin(ids.toArray()))
            .select(DeletionBatch.ROW_ID)
            .filter(col(DeletionBatch.ROW_ID).isNotNull())
            .distinct();
    return Optional.of(new DeletionBatch(BatchId.of(ids), List.copyOf(ids), rows));
  }
}
