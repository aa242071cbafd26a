package ai.hamu.spark.mllib;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The MLlib models that {@link ModelsSavedByEachSparkLineTest} loads, as one Spark version saved
 * them: each is fitted on seeded {@link SyntheticRows}, saved with MLlib's writer under {@code
 * <dir>/<name>}, and scored by the saving Spark into {@code <dir>/<name>.scores} (one line per
 * input row: the probabilities, if any, then the prediction, as exact decimal doubles).
 *
 * <p>The saved models are committed under {@code src/test/resources/mllib-saved/<Spark version>}.
 * They are written, once per Spark line, from the repository root by
 *
 * <pre>
 * mvn -o -B -pl spark-job -am test -Dtest=ModelsSavedByEachSparkLineTest#writesThisSparkVersionsModels \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dhamu.savedModels.out=$PWD/spark-job/src/test/resources/mllib-saved
 * </pre>
 *
 * and the same with {@code -Pspark35} for Spark 3.5.
 */
enum SavedModelFixtures {
  LOGISTIC_BINOMIAL(
      "logistic-binomial",
      2,
      spark -> SyntheticRows.classification(spark, "x", 2, 51),
      rows -> new LogisticRegression().setFeaturesCol("x").fit(rows)),
  LOGISTIC_MULTINOMIAL(
      "logistic-multinomial",
      3,
      spark -> SyntheticRows.classification(spark, "x", 3, 52),
      rows -> new LogisticRegression().setFeaturesCol("x").fit(rows)),
  LINEAR_REGRESSION(
      "linear-regression",
      0,
      spark -> SyntheticRows.regression(spark, "x", 53),
      rows -> new LinearRegression().setFeaturesCol("x").fit(rows)),
  PERCEPTRON(
      "perceptron",
      3,
      spark -> SyntheticRows.classification(spark, "x", 3, 54),
      rows ->
          new MultilayerPerceptronClassifier()
              .setFeaturesCol("x")
              .setLayers(new int[] {SyntheticRows.FEATURES, 5, 3})
              .setMaxIter(60)
              .setSeed(5)
              .fit(rows)),
  PIPELINE(
      "pipeline",
      2,
      spark -> SyntheticRows.rawColumns(spark, 55),
      rows ->
          new Pipeline()
              .setStages(
                  new PipelineStage[] {
                    new VectorAssembler()
                        .setInputCols(new String[] {"a", "b", "c", "d"})
                        .setOutputCol("assembled"),
                    new StandardScaler()
                        .setInputCol("assembled")
                        .setOutputCol("scaled")
                        .setWithMean(true),
                    new LogisticRegression().setFeaturesCol("scaled")
                  })
              .fit(rows));

  private final String directoryName;
  private final int classes;
  private final Function<SparkSession, Dataset<Row>> rows;
  private final Function<Dataset<Row>, Model<?>> fit;

  SavedModelFixtures(
      String directoryName,
      int classes,
      Function<SparkSession, Dataset<Row>> rows,
      Function<Dataset<Row>, Model<?>> fit) {
    this.directoryName = directoryName;
    this.classes = classes;
    this.rows = rows;
    this.fit = fit;
  }

  /** The saved model's directory name, and the stem of its scores file. */
  String directoryName() {
    return directoryName;
  }

  /**
   * The input rows the model was fitted on and scored over (regenerated identically on any
   * version).
   */
  Dataset<Row> rows(SparkSession spark) {
    return rows.apply(spark);
  }

  /**
   * Probabilities then prediction, per row, as {@code model} scores {@code input}; 0 classes =
   * regression.
   */
  double[][] score(Model<?> model, Dataset<Row> input) {
    Dataset<Row> scored = model.transform(input);
    List<Row> out =
        (classes == 0 ? scored.select("prediction") : scored.select("probability", "prediction"))
            .collectAsList();
    double[][] scores = new double[out.size()][];
    for (int i = 0; i < scores.length; i++) {
      Row row = out.get(i);
      scores[i] =
          classes == 0
              ? new double[] {row.getDouble(0)}
              : DoubleStream.concat(
                      DoubleStream.of(((Vector) row.get(0)).toArray()),
                      DoubleStream.of(row.getDouble(1)))
                  .toArray();
    }
    return scores;
  }

  /** Whether the model is a pipeline (its engine model is its last stage). */
  boolean isPipeline() {
    return this == PIPELINE;
  }

  /** Fits this model on {@code spark}, saves it and its scores under {@code dir}. */
  void write(SparkSession spark, Path dir) throws IOException {
    Dataset<Row> input = rows(spark);
    Model<?> model = fit.apply(input);
    MllibModelStore.save(model, dir.resolve(directoryName).toString(), false);
    List<String> lines = new ArrayList<>();
    for (double[] row : score(model, input)) {
      lines.add(DoubleStream.of(row).mapToObj(Double::toString).collect(Collectors.joining(" ")));
    }
    Files.write(dir.resolve(directoryName + ".scores"), lines, StandardCharsets.UTF_8);
  }

  /** The scores saved beside the model under {@code dir}. */
  double[][] savedScores(Path dir) {
    try {
      return Files.readAllLines(dir.resolve(directoryName + ".scores"), StandardCharsets.UTF_8)
          .stream()
          .map(line -> Arrays.stream(line.split(" ")).mapToDouble(Double::parseDouble).toArray())
          .toArray(double[][]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
