package ai.hamu.spark.job;

import ai.hamu.core.baseline.BaselineConfig;
import ai.hamu.core.baseline.ProjectionSign;
import ai.hamu.core.config.ConfigChoice;
import ai.hamu.core.hardness.StoppingMode;
import ai.hamu.core.plan.ConstraintMode;
import ai.hamu.core.plan.ConstraintSplit;
import ai.hamu.core.plan.FullGradientMode;
import ai.hamu.core.plan.PlannerConfig;
import ai.hamu.core.solve.InfeasibilityPolicy;
import ai.hamu.core.unlearn.StepControl;
import ai.hamu.core.unlearn.UnlearningDefaults;
import ai.hamu.core.unlearn.UnlearningMethod;
import ai.hamu.spark.data.DataFormat;
import ai.hamu.spark.train.TrainingSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every configuration key of the unlearning job, with its default (empty: no default) and meaning.
 * This enum is the single source of truth: {@code conf/hamu-job.properties} and {@code
 * docs/configuration.md} list exactly these keys (tests check both); lists of choices in the
 * descriptions come from the enums that parse them.
 */
public enum JobKey implements ConfigKey {
  DATA_FORMAT(
      "hamu.data.format",
      "parquet",
      "Training data format: one of "
          + ConfigChoice.configNames(DataFormat.class)
          + " (csv with a header line).",
      DataFormat.class),
  DATA_PATH(
      "hamu.data.path",
      "",
      "Path of the training data, or the table name when hamu.data.format=table."),
  DATA_FEATURES_COL(
      "hamu.data.featuresCol",
      "",
      "Vector column of features for native models; MLlib models read their own featuresCol (after their pipeline stages)."),
  DATA_FEATURE_COLUMNS(
      "hamu.data.featureColumns",
      "",
      "Comma-separated numeric columns assembled into the features when hamu.data.featuresCol is empty."),
  DATA_LABEL_COL(
      "hamu.data.labelCol", "label", "Label column: class index 0..k-1, or the regression target."),
  DATA_ID_COL(
      "hamu.data.idCol",
      "id",
      "Column identifying rows (any type); deletion lists are joined on it."),
  FORGET_IDS_PATH(
      "hamu.forget.ids.path", "", "Deletion list: path (or table name) of the ids to forget."),
  FORGET_IDS_FORMAT(
      "hamu.forget.ids.format",
      "csv",
      "Format of the deletion list: one of " + ConfigChoice.configNames(DataFormat.class) + ".",
      DataFormat.class),
  FORGET_IDS_COLUMN("hamu.forget.ids.column", "id", "Id column of the deletion list."),
  FORGET_PREDICATE(
      "hamu.forget.predicate",
      "",
      "SQL predicate selecting the rows to forget, e.g. label = 3: a deterministic boolean expression (a number, rand(), uuid() or the clock is refused); the run report stores its salted hash (hamu.report.predicateText)."),
  FORGET_FLAG_COLUMN(
      "hamu.forget.flagColumn", "", "Boolean column of the data: true rows are forgotten."),
  MODEL_PATH(
      "hamu.model.path",
      "",
      "The trained model: an MLlib model or PipelineModel directory, or a native .hamu file."),
  OUTPUT_PATH(
      "hamu.output.path",
      "",
      "Where the unlearned model is written (same format as the input): apart from every input and from the reports, however spelt."),
  OUTPUT_OVERWRITE(
      "hamu.output.overwrite",
      "false",
      "Replace an existing output and report, only if HAMU wrote them (a model directory holding its _HAMU_OUTPUT marker, a native model, a HAMU report); anything else is refused."),
  REPORT_PATH(
      "hamu.report.path",
      "",
      "Where the JSON run report is written; default <hamu.output.path>.report.json. Its HTML page is written beside it (.json replaced by .html)."),
  REPORT_PREDICATE_TEXT(
      "hamu.report.predicateText",
      "false",
      "Store the forget predicate's literal text in the run report (JSON and HTML); by default only its salted SHA-256 and the count of rows it selected are stored, since a predicate can name the people whose rows are deleted."),
  REPORT_SALT(
      "hamu.report.salt",
      "",
      "Secret salt of the predicate's SHA-256 in the run report (hex SHA-256 of the salt followed by the predicate, UTF-8), shown as (hidden); empty: a random salt per run, never stored, so the hash cannot be matched against a guessed predicate."),
  METHOD(
      "hamu.method",
      UnlearningMethod.of(UnlearningDefaults.VARIANT).configName(),
      "Unlearning method: " + ConfigChoice.configNames(UnlearningMethod.values()) + ".",
      UnlearningMethod.values()),
  LEARNING_RATE(
      "hamu.learningRate",
      Double.toString(UnlearningDefaults.LEARNING_RATE),
      "Learning rate lr (> 0): step size of the baselines, and the radius scale R = lr·||g_r|| of HAMU.",
      ValueRange.positive()),
  CONSTRAINT_MODE(
      "hamu.constraintMode",
      UnlearningDefaults.planner().constraintMode().configName(),
      "How HAMU's constraint B (the first-order forget-loss gain per step) is set: feasibility (B = feasibilityTarget × the gain the step can reach, every step) or absolute (B = constraintRatio·lr, fixed, as in the reference).",
      ConstraintMode.class),
  FEASIBILITY_TARGET(
      "hamu.feasibilityTarget",
      Double.toString(UnlearningDefaults.FEASIBILITY_TARGET),
      "With constraintMode=feasibility: the fraction c* in [0, 1] of the reachable gain requested each step; with the lr radius and the grad-norm split every tensor's feasibility ratio c equals it: the step's cosine with each tensor's forget gradient.",
      ValueRange.unitInterval()),
  CONSTRAINT_RATIO(
      "hamu.constraintRatio",
      Double.toString(PlannerConfig.DEFAULT_CONSTRAINT_RATIO),
      "With constraintMode=absolute: B = ratio·lr; 0 <= ratio <= radius(maxGradNorm)·maxGradNorm/lr (maxGradNorm² with radius=lr). Full-batch gradients of converged models are small, so useful ratios are often 1e-4..1e-3.",
      ValueRange.nonNegative()),
  RADIUS(
      "hamu.radius",
      "lr",
      "HAMU radius: lr (R = lr·||g_r|| per tensor) or a fixed positive number."),
  MAX_GRAD_NORM(
      "hamu.maxGradNorm",
      Double.toString(UnlearningDefaults.planner().maxGradNorm()),
      "Retain and forget gradients are each clipped to this global L2 norm (> 0; inf disables).",
      new ValueRange(0, false, Double.POSITIVE_INFINITY, true, false, "a number > 0 (or inf)")),
  SPLIT(
      "hamu.split",
      UnlearningDefaults.planner().split().configName(),
      "How B is split over tensors: " + ConfigChoice.configNames(ConstraintSplit.class) + ".",
      ConstraintSplit.class),
  SPLIT_NORMALISE("hamu.split.normalise", "true", "Normalise the split weights to sum to 1."),
  FULL_GRADIENT(
      "hamu.fullGradient",
      UnlearningDefaults.planner().fullGradient().configName(),
      "Model-wide geometry: off, reference (per-tensor normalisation), or exact (global optimum).",
      FullGradientMode.class),
  INFEASIBLE(
      "hamu.infeasible",
      UnlearningDefaults.planner().policy().configName(),
      "When a step is infeasible: stop (discard the step, end the run) or continue (over-radius ascent).",
      InfeasibilityPolicy.class),
  STOPPING_MODE(
      "hamu.stopping.mode",
      UnlearningDefaults.planner().stoppingMode().configName(),
      "Stopping criterion form: sign-aware or reference.",
      StoppingMode.class),
  STOPPING_STOP(
      "hamu.stopping.stop",
      "false",
      "End the run (without that step) at the first iteration whose stopping criterion is met: the verdict is escalate. false: the criterion is recorded every iteration, and a run whose budget ends with it met is escalate rather than not forgotten."),
  PROJECTION_SIGN(
      "hamu.projectionSign",
      BaselineConfig.DEFAULT_PROJECTION_SIGN.configName(),
      "gru/pcgrad conflict test: textbook (project when g_r·g_f > 0) or reference.",
      ProjectionSign.class),
  SCRUB_ALPHA(
      "hamu.scrub.alpha", "0.001", "scrub: weight of the retain KL.", ValueRange.nonNegative()),
  SCRUB_GAMMA(
      "hamu.scrub.gamma", "0.99", "scrub: weight of the retain loss.", ValueRange.nonNegative()),
  ITERATIONS(
      "hamu.iterations",
      Integer.toString(UnlearningDefaults.ITERATIONS),
      "Maximum iterations (>= 0; 0 writes the input model back unchanged). Each is one pass over the rows; an undone step costs one.",
      ValueRange.integerAtLeast(0, "")),
  STEP_CONTROL(
      "hamu.step.control",
      UnlearningDefaults.STEP_CONTROL.mode().configName(),
      "How a step is sized: trust-region (the rule's direction at a trust radius adapted from each step's realised forget-loss gain; steps that damage the retained rows or overshoot the target are undone) or as-planned (the rule's own step, e.g. R = lr·||g_r||, which vanishes on converged models; the reference's loop).",
      StepControl.Mode.class),
  STEP_METRIC(
      "hamu.step.metric",
      UnlearningDefaults.STEP_CONTROL.metric().configName(),
      "trust-region: the geometry the rule plans the step's direction in: euclidean (plain parameter space) or retain-fisher (when some forgotten rows are of a class no retained row has, the diagonal Fisher information of held-out rows of retained classes, damped: a step of given length costs those rows about the same whatever its direction; Euclidean for other forget sets and without held-out rows). docs/algorithm-choices.md has what each measured.",
      StepControl.Metric.class),
  STEP_INITIAL_RADIUS(
      "hamu.step.initialRadius",
      Double.toString(UnlearningDefaults.STEP_CONTROL.initialRadius()),
      "trust-region: the first trust radius as a fraction of the model's weight norm (> 0).",
      ValueRange.positive()),
  RETAIN_TOLERANCE(
      "hamu.retainTolerance",
      Double.toString(UnlearningDefaults.STEP_CONTROL.retainTolerance()),
      "Largest accepted drop of retain accuracy (and of held-out accuracy on retained classes) against the original model, in [0, 1); regression: largest relative rise of the mean retain loss. trust-region undoes steps beyond it; a final model beyond it is never reported forgotten.",
      ValueRange.below(1)),
  TARGET_ENABLED(
      "hamu.target.enabled",
      "true",
      "Measure the forgetting target every iteration and end the run when it is met (docs/algorithm-choices.md): forgotten rows of retained classes look like held-out rows of the same classes (accuracy and membership AUC), rows of classes nothing retained has are no longer recognised. false: the verdict is unverified."),
  TARGET_HELDOUT_PATH(
      "hamu.target.heldout.path",
      "",
      "Held-out rows (never trained on, the training data's columns) the forgetting target compares the forgotten rows with; empty: hamu.evaluate.test.path. Required unless every forgotten row is of a class no retained row has."),
  TARGET_HELDOUT_FORMAT(
      "hamu.target.heldout.format",
      "",
      "Format of the held-out rows: one of "
          + ConfigChoice.configNames(DataFormat.class)
          + "; empty: the format of the path it falls back to.",
      DataFormat.class),
  TARGET_SAMPLE_ROWS(
      "hamu.target.sampleRows",
      "5000",
      "Cap on the forgotten and on the held-out rows (each) the driver evaluates for the target every iteration: a seeded sample (>= 100).",
      ValueRange.integerAtLeast(TargetConfig.MIN_SAMPLE_ROWS, "")),
  TARGET_ACCURACY_TOLERANCE(
      "hamu.target.accuracyTolerance",
      Double.toString(UnlearningDefaults.TARGET.accuracyTolerance()),
      "Allowed accuracy excess of the forgotten rows over the held-out reference, and largest accuracy left on a class nothing retained has, in [0, 1); widened to the sampling error for small samples.",
      ValueRange.below(1)),
  TARGET_AUC_TOLERANCE(
      "hamu.target.aucTolerance",
      Double.toString(UnlearningDefaults.TARGET.aucTolerance()),
      "Allowed membership AUC (loss threshold, forgotten vs held-out) above 0.5, in [0, 0.5); widened to the sampling error for small samples.",
      ValueRange.below(0.5)),
  TARGET_LOSS_CAP_QUANTILE(
      "hamu.target.lossCapQuantile",
      Double.toString(UnlearningDefaults.TARGET.lossCapQuantile()),
      "Each forgotten row's loss is raised only up to this quantile of the held-out rows' losses at the original model, in (0, 1]; no cap without held-out rows.",
      ValueRange.fraction()),
  TARGET_FORGET_INCREASE(
      "hamu.targetForgetIncrease",
      "",
      "Stop once the mean forget loss rose by this much (> 0); empty disables.",
      new ValueRange(0, false, Double.POSITIVE_INFINITY, true, false, "a number > 0 (or empty)")),
  SAMPLE_RETAIN_FRACTION(
      "hamu.sample.retainFraction",
      "1.0",
      "Fraction of retain rows sampled per iteration, in (0, 1]; 1 is full batch.",
      ValueRange.fraction()),
  SAMPLE_FORGET_FRACTION(
      "hamu.sample.forgetFraction",
      "1.0",
      "Fraction of forget rows sampled per iteration, in (0, 1].",
      ValueRange.fraction()),
  SEED("hamu.seed", "42", "Run seed (sampling)."),
  BLOCK_ROWS(
      "hamu.blockRows",
      "0",
      "Rows per cached block on executors (>= 1), or 0: sized to the model, about "
          + "32 MiB of features and activations per block (256 to 65,536 rows).",
      ValueRange.integerAtLeast(0, " (0: sized to the model)")),
  EVALUATE_ENABLED(
      "hamu.evaluate.enabled",
      "false",
      "Evaluate the run (docs/evaluation.md): loss, accuracy and membership inference of the original, unlearned and retrained models on forget, retain and test rows, added to the run report."),
  EVALUATE_TEST_PATH(
      "hamu.evaluate.test.path",
      "",
      "Held-out test rows, never trained on, with the training data's columns; required when evaluating."),
  EVALUATE_TEST_FORMAT(
      "hamu.evaluate.test.format",
      "",
      "Format of the test rows: one of "
          + ConfigChoice.configNames(DataFormat.class)
          + "; empty: hamu.data.format.",
      DataFormat.class),
  EVALUATE_RETRAIN(
      "hamu.evaluate.retrain",
      "auto",
      "Retrain reference: auto (the same model class retrained on the retain rows: MLlib models with their own estimator params, native models with the hamu.evaluate.retrain.* settings) or none.",
      RetrainReference.class),
  EVALUATE_ATTACK_ROWS(
      "hamu.evaluate.attackRows",
      "10000",
      "Cap per split (forget, retain, test) of the per-example losses collected to the driver for membership inference and the KS statistic: a sample seeded by hamu.seed (>= 100: a smaller Bernoulli sample can come out empty, and gives no meaningful attack AUC).",
      ValueRange.integerAtLeast(EvaluationConfig.MIN_ATTACK_ROWS, "")),
  EVALUATE_REPORT_PATH(
      "hamu.evaluate.report.path",
      "",
      "bin/hamu-evaluate only: where the evaluation JSON is written; default <hamu.output.path>.evaluation.json."),
  RETRAIN_OPTIMIZER(
      "hamu.evaluate.retrain.optimizer",
      "",
      "Native retrain: sgd or adam; empty: as recorded in the model (train.optimizer).",
      TrainingSettings.Optimizer.class),
  RETRAIN_LEARNING_RATE(
      "hamu.evaluate.retrain.learningRate",
      "",
      "Native retrain: step size (> 0); empty: as recorded in the model."),
  RETRAIN_EPOCHS(
      "hamu.evaluate.retrain.epochs",
      "",
      "Native retrain: passes over the retain rows (>= 1); empty: as recorded in the model."),
  RETRAIN_BATCH_ROWS(
      "hamu.evaluate.retrain.batchRows",
      "",
      "Native retrain: expected rows per mini-batch (>= 1; at least the row count is full batch); empty: as recorded in the model."),
  RETRAIN_SEED(
      "hamu.evaluate.retrain.seed",
      "",
      "Native retrain: seed of the initial weights and the mini-batches; empty: as recorded in the model.");

  private final Spec spec;
  private final List<? extends ConfigChoice> choices;
  private final ValueRange range;

  JobKey(String key, String defaultValue, String description) {
    this(key, defaultValue, description, null, null);
  }

  /**
   * A key whose values are the words of {@code choiceType} (an enum implementing {@link
   * ConfigChoice}).
   */
  JobKey(
      String key,
      String defaultValue,
      String description,
      Class<? extends ConfigChoice> choiceType) {
    this(key, defaultValue, description, Arrays.asList(choiceType.getEnumConstants()), null);
  }

  /** A key whose values are the words of {@code choices}. */
  JobKey(
      String key, String defaultValue, String description, List<? extends ConfigChoice> choices) {
    this(key, defaultValue, description, choices, null);
  }

  /** A numeric key whose values must lie in {@code range}. */
  JobKey(String key, String defaultValue, String description, ValueRange range) {
    this(key, defaultValue, description, null, range);
  }

  JobKey(
      String key,
      String defaultValue,
      String description,
      List<? extends ConfigChoice> choices,
      ValueRange range) {
    this.spec = new Spec(key, defaultValue, description);
    this.choices = choices == null ? List.of() : List.copyOf(choices);
    this.range = range;
  }

  /** The numbers this key accepts, if it is a numeric key with a range. */
  public Optional<ValueRange> range() {
    return Optional.ofNullable(range);
  }

  /** The values whose words this key takes, in order; empty unless it is a choice key. */
  public List<? extends ConfigChoice> choices() {
    return choices;
  }

  /** Whether this key takes one word of a closed set ({@link #choices()}). */
  public boolean isChoice() {
    return !choices.isEmpty();
  }

  @Override
  public Spec spec() {
    return spec;
  }
}
