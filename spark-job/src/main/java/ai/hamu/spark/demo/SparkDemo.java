package ai.hamu.spark.demo;

import static org.apache.spark.sql.functions.col;

import ai.hamu.core.data.BundledDatasets;
import ai.hamu.spark.eval.Evaluation;
import ai.hamu.spark.eval.EvaluationTable;
import ai.hamu.spark.job.JobConfig;
import ai.hamu.spark.job.JobOutcome;
import ai.hamu.spark.job.JobSettings;
import ai.hamu.spark.job.UnlearnJobRunner;
import ai.hamu.spark.report.HtmlReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The end-to-end demo on the bundled letter data: writes the data as Parquet, trains an MLlib
 * pipeline (assembler, scaler, sigmoid MLP 16-64-26), draws a seeded deletion list of 2% of the
 * training ids, runs the unlearning job on it exactly as {@code spark-submit} would, with the
 * evaluation enabled (the MLP retrained without the deleted rows as the gold standard), and prints
 * the evaluation: accuracy, loss and membership inference on the forgotten, retained and held-out
 * rows, and the gaps to the retrained model. Argument: the output directory (default {@code
 * target/hamu-demo}).
 */
public final class SparkDemo {

  private static final long SEED = 42;
  private static final String[] FEATURES = {
    "x_box", "y_box", "width", "high", "onpix", "x_bar", "y_bar", "x2bar", "y2bar", "xybar",
    "x2ybr", "xy2br", "x_ege", "xegvy", "y_ege", "yegvx"
  };

  private SparkDemo() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "target/hamu-demo").toAbsolutePath();
    SparkSession spark = SparkSession.builder().appName("hamu-demo").getOrCreate();
    try {
      run(spark, out);
    } finally {
      spark.stop();
    }
  }

  static void run(SparkSession spark, Path out) throws IOException {
    long t0 = System.nanoTime();
    Files.createDirectories(out);
    Dataset<Row> all = letterFrame(spark, out);
    Dataset<Row> train = all.filter("id % 5 != 0");
    Dataset<Row> test = all.filter("id % 5 = 0");
    String trainPath = out.resolve("data/train.parquet").toString();
    train
        .repartition(4, col("id"))
        .sortWithinPartitions("id")
        .write()
        .mode("overwrite")
        .parquet(trainPath);
    train = spark.read().parquet(trainPath);
    String testPath = out.resolve("data/test.parquet").toString();
    test.write().mode("overwrite").parquet(testPath);
    List<Long> deletion = deletionList(train, 0.02);
    Path deletionPath = out.resolve("deletion-list.csv");
    writeIds(deletionPath, deletion);
    System.out.printf(
        Locale.ROOT,
        "letter: %d rows (%d train, %d held-out test); deletion list of %d ids at %s%n",
        all.count(),
        train.count(),
        test.count(),
        deletion.size(),
        deletionPath);

    long trainStart = System.nanoTime();
    PipelineModel original = pipeline().fit(train);
    double trainSeconds = seconds(trainStart);
    String originalPath = out.resolve("original-model").toString();
    original.write().overwrite().save(originalPath);

    Map<String, String> settings = new TreeMap<>();
    settings.put("hamu.data.format", "parquet");
    settings.put("hamu.data.path", trainPath);
    settings.put("hamu.data.labelCol", "label");
    settings.put("hamu.data.idCol", "id");
    settings.put("hamu.forget.ids.path", deletionPath.toString());
    settings.put("hamu.forget.ids.format", "csv");
    settings.put("hamu.forget.ids.column", "id");
    settings.put("hamu.model.path", originalPath);
    settings.put("hamu.output.path", out.resolve("unlearned-model").toString());
    settings.put("hamu.output.overwrite", "true");
    settings.put("hamu.method", "hamu-q");
    settings.put("hamu.evaluate.enabled", "true");
    settings.put("hamu.evaluate.test.path", testPath);
    JobOutcome outcome =
        new UnlearnJobRunner(spark, System.out).run(JobConfig.from(JobSettings.of(settings)));
    Evaluation evaluation = outcome.evaluation();

    System.out.println();
    System.out.print(EvaluationTable.format(evaluation));
    int iterations = outcome.result().result().history().size();
    System.out.printf(
        Locale.ROOT,
        "%nstopped: %s after %d iterations; verdict %s: %s%n",
        outcome.result().result().stopReason(),
        iterations,
        outcome.verdict().outcome(),
        outcome.verdict().recommendation());
    System.out.printf(
        Locale.ROOT,
        "time: MLlib training %.1f s, unlearning %.1f s (%.0f ms per iteration), "
            + "MLlib retraining %.1f s, total %.1f s%n",
        trainSeconds,
        evaluation.unlearningSeconds(),
        1000 * meanIterationSeconds(outcome),
        evaluation.retrainingSeconds(),
        seconds(t0));
    System.out.println("original model:  " + originalPath);
    System.out.println("unlearned model: " + outcome.outputPath());
    System.out.println("run report:      " + outcome.reportPath());
    System.out.println("HTML report:     " + HtmlReport.pathFor(outcome.reportPath()));
  }

  private static Pipeline pipeline() {
    return new Pipeline()
        .setStages(
            new PipelineStage[] {
              new VectorAssembler().setInputCols(FEATURES).setOutputCol("raw"),
              new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true),
              new MultilayerPerceptronClassifier()
                  .setLayers(new int[] {16, 64, 26})
                  .setMaxIter(100)
                  .setSeed(SEED)
            });
  }

  /**
   * The bundled CSV copied to {@code out/data/letter.csv} and read by Spark, with the line number
   * as id.
   */
  private static Dataset<Row> letterFrame(SparkSession spark, Path out) throws IOException {
    Path csv = out.resolve("data/letter.csv");
    Files.createDirectories(csv.getParent());
    try (InputStream in =
        new GZIPInputStream(
            SparkDemo.class.getClassLoader().getResourceAsStream(BundledDatasets.LETTER))) {
      Files.copy(in, csv, StandardCopyOption.REPLACE_EXISTING);
    }
    Dataset<Row> raw =
        spark.read().option("header", "true").option("inferSchema", "true").csv(csv.toString());
    // one file, one partition: the row number is a stable id
    return raw.coalesce(1).withColumn("id", functions.monotonically_increasing_id());
  }

  private static List<Long> deletionList(Dataset<Row> train, double fraction) {
    List<Long> ids = new ArrayList<>(train.select("id").as(Encoders.LONG()).collectAsList());
    Collections.sort(ids);
    Collections.shuffle(ids, new Random(SEED));
    List<Long> chosen = new ArrayList<>(ids.subList(0, (int) Math.round(fraction * ids.size())));
    Collections.sort(chosen);
    return chosen;
  }

  private static void writeIds(Path path, List<Long> ids) throws IOException {
    StringBuilder b = new StringBuilder("id\n");
    ids.forEach(id -> b.append(id).append('\n'));
    Files.writeString(path, b, StandardCharsets.UTF_8);
  }

  private static double meanIterationSeconds(JobOutcome outcome) {
    return outcome.result().result().history().stream()
            .mapToLong(h -> h.wallNanos())
            .average()
            .orElse(0)
        / 1e9;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
