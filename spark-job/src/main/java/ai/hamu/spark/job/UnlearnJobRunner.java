package ai.hamu.spark.job;

import ai.hamu.core.unlearn.IterationListener;
import ai.hamu.core.unlearn.IterationRecord;
import ai.hamu.core.unlearn.LoopState;
import ai.hamu.core.unlearn.ProgressLine;
import ai.hamu.spark.data.DataFrames;
import ai.hamu.spark.data.ForgetSelection;
import ai.hamu.spark.data.SelectionResult;
import ai.hamu.spark.driver.DistributedResult;
import ai.hamu.spark.eval.Evaluation;
import ai.hamu.spark.io.HadoopFiles;
import ai.hamu.spark.io.OutputMarker;
import ai.hamu.spark.io.OutputPreflight;
import ai.hamu.spark.report.HtmlReport;
import ai.hamu.spark.report.RunReport;
import ai.hamu.spark.report.RuntimeProvenance;
import ai.hamu.spark.report.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs one configured unlearning job on a Spark session (for {@link UnlearnJob}, the demo and the
 * defaults grid): load the model, read the data, select the rows to forget and run the distributed
 * loop (both with {@link DataFrameUnlearner}), and publish the unlearned model (same format as the
 * input), the JSON run report and its HTML page. Outputs are checked before any work and written
 * through temporary siblings, so a failed job leaves nothing behind; the input model is never
 * written.
 */
public final class UnlearnJobRunner {

  private final SparkSession spark;
  private final PrintStream out;

  /** A job on {@code spark} printing progress to {@code out}. */
  public UnlearnJobRunner(SparkSession spark, PrintStream out) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Runs the job described by {@code config}. */
  public JobOutcome run(JobConfig config) throws IOException {
    Instant started = Instant.now();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    HadoopFiles files = new HadoopFiles(hadoop);
    JobLocations.of(config).check(hadoop); // with the cluster's file systems now
    OutputPreflight preflight = new OutputPreflight(hadoop);
    preflight.check(config.outputPath(), JobKey.OUTPUT_PATH.key(), config.overwrite());
    preflight.check(config.reportPath(), JobKey.REPORT_PATH.key(), config.overwrite());
    preflight.check(config.htmlReportPath(), JobKey.REPORT_PATH.key(), config.overwrite());

    ModelSource model = ModelSource.load(spark, config.modelPath());
    if (config.evaluation().enabled()
        && config.evaluation().retrain()
        && model instanceof ModelSource.Native n) {
      config
          .evaluation()
          .nativeTraining(
              n.model().provenance().details()); // refuse missing settings before any work
    }
    Dataset<Row> raw =
        DataFrames.read(
            spark, config.input().format(), config.input().location(), JobKey.DATA_PATH.key());
    DataFrames.requireRows(
        raw, config.input().format(), config.input().location(), JobKey.DATA_PATH.key());
    DataFrameUnlearner runner = new DataFrameUnlearner(spark, config.unlearning());
    SelectionResult selection = runner.select(raw);
    if (selection.unmatchedIds() > 0) {
      out.printf(
          "warning: %d of %d requested ids match no row (reported in the run report)%n",
          selection.unmatchedIds(), selection.requestedIds());
    }
    runner.idleSlots(selection.flagged()).ifPresent(out::println);
    out.printf(
        "hamu: %s on %s (%s %s), model %s%n",
        config.method().configName(),
        config.input().location(),
        model.architecture().type(),
        model.architecture().layerSizes(),
        config.modelPath());
    long unlearnStart = System.nanoTime();
    DistributedResult result =
        runner.run(
            model, selection, LoopState.start(model.weights()), printer(), heldOutRows(config));
    double unlearnSeconds = (System.nanoTime() - unlearnStart) / 1e9;
    Evaluation evaluation = null;
    if (config.evaluation().enabled()) {
      out.println(
          "hamu: evaluating against the original"
              + (config.evaluation().retrain() ? " and a retrained model" : "")
              + " on "
              + config.evaluation().testPath());
      evaluation =
          new RunEvaluator(spark, config.unlearning(), config.evaluation())
              .evaluate(model, result.result().weights(), selection, unlearnSeconds);
    }

    // every output is finished under a temporary name first, then moved into place: a failure
    // before the moves leaves nothing, and the report never describes a model that was not written
    PredicateDigest digest =
        PredicateDigest.of(config); // the report never holds a predicate's text unless asked
    Map<String, String> provenance = provenance(config, digest);
    Verdict verdict = config.unlearning().verdictOf(result);
    RunReport report =
        new RunReport(
            started,
            Instant.now(),
            digest.redact(config.resolved()),
            provenance,
            model.architecture(),
            model.formatName(),
            selection.requestedIds(),
            selection.unmatchedIds(),
            result,
            verdict,
            evaluation);
    String tmpModel = files.temporarySibling(config.outputPath());
    String tmpReport = files.temporarySibling(config.reportPath());
    String tmpHtml = files.temporarySibling(config.htmlReportPath());
    try {
      model.write(spark, result.result().weights(), tmpModel, provenance);
      new OutputMarker(hadoop)
          .mark(tmpModel, "hamu-spark-job " + provenance.getOrDefault("hamuVersion", ""));
      String json = report.toJson();
      files.writeText(tmpReport, json);
      files.writeText(tmpHtml, HtmlReport.render(json));
      files.publish(tmpModel, config.outputPath(), config.overwrite());
      files.publish(tmpReport, config.reportPath(), config.overwrite());
      files.publish(tmpHtml, config.htmlReportPath(), config.overwrite());
    } catch (IOException | RuntimeException e) {
      files.deleteQuietly(tmpModel);
      files.deleteQuietly(tmpReport);
      files.deleteQuietly(tmpHtml);
      throw e;
    }
    return new JobOutcome(result, verdict, config.outputPath(), config.reportPath(), evaluation);
  }

  /** The forgetting target's held-out rows, read when the target is measured and rows are given. */
  private Optional<Dataset<Row>> heldOutRows(JobConfig config) {
    if (!config.target().enabled()) {
      return Optional.empty();
    }
    return config.heldOut().map(h -> DataFrames.read(spark, h.format(), h.location(), h.key()));
  }

  private IterationListener printer() {
    return new IterationListener() {
      @Override
      public void afterIteration(IterationRecord record) {
        out.println(ProgressLine.format(record));
      }
    };
  }

  private Map<String, String> provenance(JobConfig config, PredicateDigest digest) {
    Map<String, String> p = RuntimeProvenance.of(spark);
    p.put("dataPath", config.input().location());
    p.put("modelPath", config.modelPath());
    p.put("outputPath", config.outputPath());
    p.put("forgetSelection", describe(config.forget(), digest));
    digest.describeIn(p);
    p.put("method", config.method().configName());
    return p;
  }

  private static String describe(ForgetSelection f, PredicateDigest digest) {
    if (f instanceof ForgetSelection.IdList l) {
      return "ids "
          + l.format().name().toLowerCase(Locale.ROOT)
          + " "
          + l.location()
          + " column "
          + l.column();
    } else if (f instanceof ForgetSelection.Predicate p) {
      return "predicate " + digest.shown();
    }
    return "flag column " + ((ForgetSelection.FlagColumn) f).column();
  }
}
