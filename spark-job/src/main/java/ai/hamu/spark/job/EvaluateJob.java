package ai.hamu.spark.job;

import ai.hamu.spark.data.DataFrames;
import ai.hamu.spark.data.InvalidInputException;
import ai.hamu.spark.data.SelectionResult;
import ai.hamu.spark.eval.Evaluation;
import ai.hamu.spark.eval.EvaluationTable;
import ai.hamu.spark.io.HadoopFiles;
import ai.hamu.spark.io.OutputPreflight;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-submit} entry point of {@code bin/hamu-evaluate}: with the job's own
 * configuration ({@code --config job.properties [key=value ...]}) it evaluates the already
 * unlearned model at {@code hamu.output.path} against the original at {@code hamu.model.path} on
 * the job's data and the held-out rows at {@code hamu.evaluate.test.path}, retraining unless {@code
 * hamu.evaluate.retrain=none}, and writes the evaluation JSON to {@code hamu.evaluate.report.path}
 * (default {@code <hamu.output.path>.evaluation.json}). Exit codes as {@link UnlearnJob}.
 */
public final class EvaluateJob {

  private EvaluateJob() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the evaluation and returns its exit code (never calls {@code System.exit}). */
  public static int run(String[] args) {
    JobConfig job;
    EvaluationConfig config;
    String path;
    try {
      JobSettings s = JobSettings.fromArgs(args);
      job = JobConfig.from(s);
      config = EvaluationConfig.from(s, true);
      path =
          s.isSet(JobKey.EVALUATE_REPORT_PATH)
              ? s.string(JobKey.EVALUATE_REPORT_PATH)
              : job.outputPath().replaceAll("/+$", "") + ".evaluation.json";
      locations(job, path).checkBeforeSpark();
    } catch (IllegalArgumentException e) {
      System.err.println("hamu: invalid configuration: " + e.getMessage());
      return UnlearnJob.INVALID;
    }
    boolean ownSession = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSession.builder().appName("hamu-evaluate").getOrCreate();
    try {
      Evaluation evaluation = evaluate(spark, job, config, path, System.out);
      System.out.print(EvaluationTable.format(evaluation));
      System.out.println("evaluation written to " + path);
      return UnlearnJob.OK;
    } catch (Throwable t) {
      return UnlearnJob.exitCodeOf(t, System.err);
    } finally {
      if (ownSession) {
        spark.stop();
      }
    }
  }

  /** Evaluates and writes the JSON to {@code path} (through a temporary sibling). */
  static Evaluation evaluate(
      SparkSession spark, JobConfig job, EvaluationConfig config, String path, PrintStream out)
      throws IOException {
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    locations(job, path).check(spark.sparkContext().hadoopConfiguration());
    new OutputPreflight(spark.sparkContext().hadoopConfiguration())
        .check(path, JobKey.EVALUATE_REPORT_PATH.key(), job.overwrite());
    ModelSource original = ModelSource.load(spark, job.modelPath());
    ModelSource unlearned = loadUnlearned(spark, job.outputPath());
    if (!unlearned.architecture().equals(original.architecture())) {
      throw new InvalidInputException(
          JobKey.OUTPUT_PATH.key()
              + ": expected a model of the original's "
              + "architecture "
              + original.architecture()
              + ", got "
              + unlearned.architecture());
    }
    Dataset<Row> raw =
        DataFrames.read(
            spark, job.input().format(), job.input().location(), JobKey.DATA_PATH.key());
    SelectionResult selection = new DataFrameUnlearner(spark, job.unlearning()).select(raw);
    out.printf(
        "hamu: evaluating %s against %s%s%n",
        job.outputPath(), job.modelPath(), config.retrain() ? " and a retrained model" : "");
    Evaluation evaluation =
        new RunEvaluator(spark, job.unlearning(), config)
            .evaluate(original, unlearned.weights(), selection, Double.NaN);
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("originalModel", job.modelPath());
    root.put("unlearnedModel", job.outputPath());
    evaluation.writeTo(root.putObject("evaluation"));
    String tmp = files.temporarySibling(path);
    try {
      files.writeText(tmp, mapper.writeValueAsString(root));
      files.publish(tmp, path, job.overwrite());
    } catch (IOException | RuntimeException e) {
      files.deleteQuietly(tmp);
      throw e;
    }
    return evaluation;
  }

  /**
   * What the evaluation reads (the job's inputs and its unlearned model) and the one file it
   * writes.
   */
  private static JobLocations locations(JobConfig job, String path) {
    return JobLocations.of(job)
        .withInput(
            new JobLocations.Location(
                JobKey.OUTPUT_PATH.key(), job.outputPath(), "the unlearned model"))
        .writing(List.of(new JobLocations.Location(JobKey.EVALUATE_REPORT_PATH.key(), path)));
  }

  private static ModelSource loadUnlearned(SparkSession spark, String path) throws IOException {
    try {
      return ModelSource.load(spark, path);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          JobKey.OUTPUT_PATH.key()
              + " (the unlearned model): "
              + e.getMessage()
                  .replaceFirst("^" + Pattern.quote(JobKey.MODEL_PATH.key()) + ": ", ""),
          e);
    }
  }
}
