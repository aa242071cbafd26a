package ai.hamu.spark.job;

import ai.hamu.spark.data.DataFormat;
import java.util.List;

/**
 * Where the training data comes from and which columns the job reads.
 *
 * @param format data format
 * @param location path, or table name
 * @param featuresCol vector column of features, empty when {@code featureColumns} are assembled
 * @param featureColumns numeric columns assembled into the features (used when {@code featuresCol}
 *     is empty)
 * @param labelCol label column
 * @param idCol row id column
 */
public record InputConfig(
    DataFormat format,
    String location,
    String featuresCol,
    List<String> featureColumns,
    String labelCol,
    String idCol) {

  public InputConfig {
    featureColumns = List.copyOf(featureColumns);
  }
}
