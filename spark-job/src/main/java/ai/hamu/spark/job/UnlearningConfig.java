package ai.hamu.spark.job;

import ai.hamu.core.baseline.BaselineConfig;
import ai.hamu.core.baseline.BaselineRule;
import ai.hamu.core.baseline.ProjectionSign;
import ai.hamu.core.hardness.StoppingMode;
import ai.hamu.core.plan.ConstraintMode;
import ai.hamu.core.plan.ConstraintSplit;
import ai.hamu.core.plan.FullGradientMode;
import ai.hamu.core.plan.PlannerConfig;
import ai.hamu.core.plan.StepPlanner;
import ai.hamu.core.plan.UpdateRule;
import ai.hamu.core.solve.InfeasibilityPolicy;
import ai.hamu.core.solve.RadiusRule;
import ai.hamu.core.unlearn.LoopConfig;
import ai.hamu.core.unlearn.StepControl;
import ai.hamu.core.unlearn.UnlearningMethod;
import ai.hamu.spark.data.DataFormat;
import ai.hamu.spark.data.ForgetSelection;
import ai.hamu.spark.driver.DistributedResult;
import ai.hamu.spark.executor.SamplingConfig;
import ai.hamu.spark.report.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The part of a job's configuration that describes the unlearning itself rather than where the
 * training data, the models and the report live: the data's columns, the forget selection, the
 * method with its fully configured update rule, the loop and the sampling. {@link JobConfig} adds
 * the locations; the Spark ML estimator builds one from its params. Every error is a {@link
 * ConfigException} naming the key.
 *
 * @param featuresCol vector column of features (native models), possibly empty
 * @param featureColumns numeric columns assembled into the features when {@code featuresCol} is
 *     empty
 * @param labelCol label column
 * @param idCol row id column
 * @param forget the forget selection
 * @param method unlearning method
 * @param rule the method's update rule, fully configured
 * @param loop iteration limit, forget-loss target and step-size control
 * @param target the forgetting target's settings
 * @param sampling per-iteration sampling
 * @param blockRows rows per cached block
 */
public record UnlearningConfig(
    String featuresCol,
    List<String> featureColumns,
    String labelCol,
    String idCol,
    ForgetSelection forget,
    UnlearningMethod method,
    UpdateRule rule,
    LoopConfig loop,
    TargetConfig target,
    SamplingConfig sampling,
    int blockRows) {

  public UnlearningConfig {
    Objects.requireNonNull(featuresCol, "featuresCol");
    featureColumns = List.copyOf(featureColumns);
    Objects.requireNonNull(labelCol, "labelCol");
    Objects.requireNonNull(idCol, "idCol");
    Objects.requireNonNull(forget, "forget");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(loop, "loop");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(sampling, "sampling");
  }

  /**
   * Validates the keys of {@code s} this configuration covers; the data, model, output and report
   * locations are neither read nor required.
   */
  public static UnlearningConfig from(JobSettings s) {
    s.checkValues();
    String featuresCol = s.string(JobKey.DATA_FEATURES_COL);
    List<String> columns = new ArrayList<>();
    for (String c : s.string(JobKey.DATA_FEATURE_COLUMNS).split(",")) {
      if (!c.isBlank()) {
        columns.add(c.trim());
      }
    }
    if (!featuresCol.isEmpty() && !columns.isEmpty()) {
      throw new ConfigException(
          JobKey.DATA_FEATURES_COL.key(),
          "either it or " + JobKey.DATA_FEATURE_COLUMNS.key() + ", not both");
    }
    String labelCol = s.required(JobKey.DATA_LABEL_COL);
    String idCol = s.required(JobKey.DATA_ID_COL);
    ForgetSelection forget = forget(s);
    UnlearningMethod method = s.choice(JobKey.METHOD, UnlearningMethod.class);
    // parsed whatever the method, like every other key: a baseline run refuses a bad value too
    RadiusRule radius = radiusRule(s, s.number(JobKey.LEARNING_RATE));
    UpdateRule rule =
        method.isHamu()
            ? new StepPlanner(planner(s, method, radius))
            : new BaselineRule(baseline(s, method));
    int iterations = s.integer(JobKey.ITERATIONS);
    double target =
        s.isSet(JobKey.TARGET_FORGET_INCREASE)
            ? s.number(JobKey.TARGET_FORGET_INCREASE)
            : Double.POSITIVE_INFINITY;
    SamplingConfig sampling =
        new SamplingConfig(
            s.number(JobKey.SAMPLE_RETAIN_FRACTION),
            s.number(JobKey.SAMPLE_FORGET_FRACTION),
            s.longValue(JobKey.SEED));
    int blockRows = s.integer(JobKey.BLOCK_ROWS);
    return new UnlearningConfig(
        featuresCol,
        columns,
        labelCol,
        idCol,
        forget,
        method,
        rule,
        new LoopConfig(iterations, target, stepControl(s)),
        TargetConfig.from(s),
        sampling,
        blockRows);
  }

  /**
   * The verdict of a run of this configuration: κ is assessed for HAMU methods only, and a model
   * whose retained rows lost more than the configured retain tolerance is never called forgotten.
   */
  public Verdict verdictOf(DistributedResult run) {
    return Verdict.of(run, method.isHamu(), loop.stepControl().retainTolerance());
  }

  private static StepControl stepControl(JobSettings s) {
    StepControl.Mode mode = s.choice(JobKey.STEP_CONTROL, StepControl.Mode.class);
    return new StepControl(
        mode,
        s.choice(JobKey.STEP_METRIC, StepControl.Metric.class),
        s.number(JobKey.STEP_INITIAL_RADIUS),
        s.number(JobKey.RETAIN_TOLERANCE));
  }

  private static ForgetSelection forget(JobSettings s) {
    List<JobKey> given = new ArrayList<>();
    for (JobKey k :
        List.of(JobKey.FORGET_IDS_PATH, JobKey.FORGET_PREDICATE, JobKey.FORGET_FLAG_COLUMN)) {
      if (s.isSet(k)) {
        given.add(k);
      }
    }
    if (given.size() != 1) {
      throw new ConfigException(
          "hamu.forget",
          "exactly one of hamu.forget.ids.path, hamu.forget.predicate, " + "hamu.forget.flagColumn",
          given.stream().map(JobKey::key).toList().toString());
    }
    return switch (given.get(0)) {
      case FORGET_IDS_PATH ->
          new ForgetSelection.IdList(
              parseFormat(s, JobKey.FORGET_IDS_FORMAT),
              s.string(JobKey.FORGET_IDS_PATH),
              s.required(JobKey.FORGET_IDS_COLUMN));
      case FORGET_PREDICATE -> new ForgetSelection.Predicate(s.string(JobKey.FORGET_PREDICATE));
      default -> new ForgetSelection.FlagColumn(s.string(JobKey.FORGET_FLAG_COLUMN));
    };
  }

  private static PlannerConfig planner(JobSettings s, UnlearningMethod method, RadiusRule radius) {
    double lr = s.number(JobKey.LEARNING_RATE);
    boolean feasibility =
        s.choice(JobKey.CONSTRAINT_MODE, ConstraintMode.class) == ConstraintMode.FEASIBILITY_TARGET;
    JobKey constraintKey = feasibility ? JobKey.FEASIBILITY_TARGET : JobKey.CONSTRAINT_RATIO;
    double value = s.number(constraintKey);
    PlannerConfig.Builder b =
        PlannerConfig.builder(lr)
            .variant(method.variant())
            .radiusRule(radius)
            .maxGradNorm(s.number(JobKey.MAX_GRAD_NORM))
            .split(s.choice(JobKey.SPLIT, ConstraintSplit.class), s.flag(JobKey.SPLIT_NORMALISE))
            .fullGradient(s.choice(JobKey.FULL_GRADIENT, FullGradientMode.class))
            .policy(s.choice(JobKey.INFEASIBLE, InfeasibilityPolicy.class))
            .stoppingMode(s.choice(JobKey.STOPPING_MODE, StoppingMode.class))
            .stopOnCriterion(s.flag(JobKey.STOPPING_STOP));
    if (feasibility) {
      b.feasibilityTarget(value);
    } else {
      b.constraint(value * lr);
    }
    try {
      return b.build();
    } catch (PlannerConfig.UnreachableConstraintException e) {
      // B = ratio·lr: the planner's bound on B, stated as a bound on the ratio
      throw new ConfigException(
          constraintKey.key(),
          "a number in [0, "
              + e.limit() / lr
              + "] (radius(maxGradNorm)"
              + "·maxGradNorm/lr: larger constraints are unreachable)",
          s.string(constraintKey));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(constraintKey.key(), e.getMessage());
    }
  }

  private static BaselineConfig baseline(JobSettings s, UnlearningMethod method) {
    ProjectionSign sign = s.choice(JobKey.PROJECTION_SIGN, ProjectionSign.class);
    return new BaselineConfig(
        method.baseline(),
        s.number(JobKey.LEARNING_RATE),
        s.number(JobKey.MAX_GRAD_NORM),
        s.number(JobKey.SCRUB_ALPHA),
        s.number(JobKey.SCRUB_GAMMA),
        sign);
  }

  /** {@code hamu.radius}: {@code lr} (R = lr·‖g_r‖) or a fixed radius. */
  private static RadiusRule radiusRule(JobSettings s, double lr) {
    String v = s.string(JobKey.RADIUS);
    if (v.equalsIgnoreCase("lr")) {
      return new RadiusRule.LearningRateScaled(lr);
    }
    try {
      return new RadiusRule.Fixed(Double.parseDouble(v));
    } catch (IllegalArgumentException e) { // not a number, or one Fixed refuses (<= 0, ∞, NaN)
      throw new ConfigException(JobKey.RADIUS.key(), "lr or a finite number > 0", v);
    }
  }

  /** A data format key's value; the error names {@code key} and every format. */
  static DataFormat parseFormat(JobSettings s, JobKey key) {
    return s.choice(key, DataFormat.class);
  }
}
