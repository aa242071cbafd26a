package ai.hamu.spark.job;

import ai.hamu.core.plan.UpdateRule;
import ai.hamu.core.unlearn.LoopConfig;
import ai.hamu.core.unlearn.UnlearningMethod;
import ai.hamu.spark.data.DataFormat;
import ai.hamu.spark.data.ForgetSelection;
import ai.hamu.spark.executor.SamplingConfig;
import ai.hamu.spark.report.HtmlReport;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated configuration of one unlearning job, built from {@link JobSettings} before Spark
 * starts; every error is a {@link ConfigException} naming the key. The locations are validated
 * here, everything else by {@link UnlearningConfig}.
 *
 * @param input training data
 * @param forget the forget selection
 * @param modelPath input model
 * @param outputPath output model (apart from every input and the reports: {@link JobLocations})
 * @param overwrite whether an existing output may be replaced
 * @param reportPath JSON report path
 * @param method unlearning method
 * @param rule the method's update rule, fully configured
 * @param loop iteration limit, forget-loss target and step-size control
 * @param target the forgetting target's settings
 * @param heldOut held-out rows for the forgetting target (hamu.target.heldout.*, else the
 *     evaluation's test rows), if any
 * @param sampling per-iteration sampling
 * @param blockRows rows per cached block
 * @param evaluation the evaluation settings
 * @param resolved every key with its resolved value, for the report
 */
public record JobConfig(
    InputConfig input,
    ForgetSelection forget,
    String modelPath,
    String outputPath,
    boolean overwrite,
    String reportPath,
    UnlearningMethod method,
    UpdateRule rule,
    LoopConfig loop,
    TargetConfig target,
    Optional<HeldOutRows> heldOut,
    SamplingConfig sampling,
    int blockRows,
    EvaluationConfig evaluation,
    Map<String, String> resolved) {

  public JobConfig {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(forget, "forget");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(evaluation, "evaluation");
    resolved = Map.copyOf(resolved);
  }

  /** Validates {@code s} into a job configuration. */
  public static JobConfig from(JobSettings s) {
    DataFormat format = UnlearningConfig.parseFormat(s, JobKey.DATA_FORMAT);
    String location = s.required(JobKey.DATA_PATH);
    UnlearningConfig u = UnlearningConfig.from(s);
    String featuresCol = u.featuresCol();
    if (format == DataFormat.LIBSVM && featuresCol.isEmpty() && u.featureColumns().isEmpty()) {
      featuresCol = "features";
    }
    InputConfig input =
        new InputConfig(format, location, featuresCol, u.featureColumns(), u.labelCol(), u.idCol());
    String model = s.required(JobKey.MODEL_PATH);
    String output = s.required(JobKey.OUTPUT_PATH);
    s.flag(JobKey.REPORT_PREDICATE_TEXT); // validated here, used when the report is written
    String report =
        s.isSet(JobKey.REPORT_PATH)
            ? s.string(JobKey.REPORT_PATH)
            : stripSlash(output) + ".report.json";
    JobConfig config =
        new JobConfig(
            input,
            u.forget(),
            model,
            output,
            s.flag(JobKey.OUTPUT_OVERWRITE),
            report,
            u.method(),
            u.rule(),
            u.loop(),
            u.target(),
            HeldOutRows.from(s, format),
            u.sampling(),
            u.blockRows(),
            EvaluationConfig.from(s, false),
            s.resolved());
    // no output may be, hold or lie inside an input or another output, however spelt; checked again
    // on the cluster's Hadoop configuration before any work (its default file system may differ)
    JobLocations.of(config).checkBeforeSpark();
    return config;
  }

  /**
   * Where the HTML page of the report goes: the report path with {@code .json} replaced by {@code
   * .html}.
   */
  public String htmlReportPath() {
    return HtmlReport.pathFor(reportPath);
  }

  /**
   * The unlearning part of this configuration: the columns (with the effective features column),
   * forget selection, method, loop and sampling.
   */
  public UnlearningConfig unlearning() {
    return new UnlearningConfig(
        input.featuresCol(),
        input.featureColumns(),
        input.labelCol(),
        input.idCol(),
        forget,
        method,
        rule,
        loop,
        target,
        sampling,
        blockRows);
  }

  private static String stripSlash(String path) {
    String p = path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
