package ai.hamu.spark.schedule;

import ai.hamu.core.io.NativeModel;
import ai.hamu.core.io.NativeModelCodec;
import ai.hamu.core.io.Provenance;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.spark.testing.JobRuns;
import ai.hamu.spark.testing.LocalSpark;
import ai.hamu.spark.testing.ThreeClassRows;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Training data, a native softmax model and deletion requests on local files for the schedule
 * tests. Row ids are {@code subject-NNNN-x}, so no id is a substring of another and a search for an
 * id in a report cannot be fooled by a longer one.
 */
final class ScheduleFixture {

  static final String[] COLUMNS = ThreeClassRows.COLUMNS;
  static final String SALT = "test-salt-7c1e";

  final SparkSession spark = LocalSpark.get();
  final Path dir;
  final String dataPath;
  final String modelPath;
  final String requestsPath;

  ScheduleFixture(Path dir) throws IOException {
    this.dir = dir;
    dataPath =
        ThreeClassRows.write(
            spark,
            ThreeClassRows.rows(new Random(11), 240, ScheduleFixture::rowId),
            dir.resolve("train.parquet").toString(),
            2);
    Architecture arch = Architecture.softmaxRegression(COLUMNS.length, 3);
    modelPath = dir.resolve("model.hamu").toString();
    try (OutputStream out = Files.newOutputStream(Path.of(modelPath))) {
      NativeModelCodec.write(
          new NativeModel(
              arch,
              new FeedForwardModel(arch).initialParameters(3),
              Provenance.now("schedule test", Map.of())),
          out);
    }
    requestsPath = dir.resolve("requests.json").toString();
  }

  static String rowId(int i) {
    return String.format(Locale.ROOT, "subject-%04d-x", i);
  }

  /** Writes the requests: {request id, row id, time} triples. */
  void requests(Object[]... requests) {
    List<Row> rows = new ArrayList<>();
    for (Object[] r : requests) {
      rows.add(RowFactory.create(r[0], r[1], Timestamp.from(Instant.parse((String) r[2]))));
    }
    StructType schema =
        new StructType()
            .add("request_id", DataTypes.StringType)
            .add("row_id", DataTypes.StringType)
            .add("requested_at", DataTypes.TimestampType);
    spark
        .createDataFrame(rows, schema)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .json(requestsPath);
  }

  /** A schedule configuration rooted at {@code root} with cutoff {@code cutoff}. */
  Map<String, String> settings(String root, String cutoff) {
    Map<String, String> m = new HashMap<>();
    m.put("hamu.schedule.root", root);
    m.put("hamu.schedule.requests.path", requestsPath);
    m.put("hamu.schedule.requests.format", "json");
    m.put("hamu.schedule.cutoff", cutoff);
    m.put("hamu.schedule.checkpoint.every", "2");
    m.put("hamu.schedule.audit.salt", SALT);
    m.put("hamu.schedule.verify.rows", "50");
    m.put("hamu.data.path", dataPath);
    m.put("hamu.data.featureColumns", String.join(",", COLUMNS));
    m.put("hamu.model.path", modelPath);
    m.put("hamu.learningRate", "0.5");
    m.put("hamu.iterations", "6");
    // the loop as planned and no forgetting target: these tests are about the job's mechanics
    m.put("hamu.step.control", "as-planned");
    m.put("hamu.target.enabled", "false");
    // the native model records no training settings: a retrain fallback takes them from these keys
    m.put("hamu.evaluate.retrain.optimizer", "adam");
    m.put("hamu.evaluate.retrain.learningRate", "0.05");
    m.put("hamu.evaluate.retrain.epochs", "3");
    m.put("hamu.evaluate.retrain.batchRows", "64");
    m.put("hamu.evaluate.retrain.seed", "5");

    m.put("hamu.sample.retainFraction", "0.5");
    return m;
  }

  static String[] args(Map<String, String> m) {
    return JobRuns.args(m);
  }
}
