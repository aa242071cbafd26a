package ai.hamu.spark.ml;

import ai.hamu.spark.job.JobKey;
import ai.hamu.spark.job.JobSettings;
import ai.hamu.spark.job.UnlearningConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;

/**
 * The params of {@link HamuUnlearner}: one per key of the unlearning job, with the job's default,
 * its documentation and its validation. A number outside its key's range or a word its key does not
 * take fails when it is set; what only the whole configuration can judge fails at {@code fit}, with
 * the job's message naming the key ({@link #unlearningConfig()}).
 *
 * @param <S> the estimator, returned by every setter
 */
@SuppressWarnings("rawtypes")
public abstract class HamuUnlearnerParams<S extends HamuUnlearnerParams<S>> extends Estimator {

  private static final long serialVersionUID = 1L;

  private final String uid;

  private final Param<String> modelPath;
  private final Param<String> method;
  private final DoubleParam learningRate;
  private final Param<String> constraintMode;
  private final DoubleParam feasibilityTarget;
  private final DoubleParam constraintRatio;
  private final Param<String> radius;
  private final DoubleParam maxGradNorm;
  private final Param<String> split;
  private final BooleanParam splitNormalise;
  private final Param<String> fullGradient;
  private final Param<String> infeasible;
  private final Param<String> stoppingMode;
  private final BooleanParam stopOnCriterion;
  private final Param<String> projectionSign;
  private final DoubleParam scrubAlpha;
  private final DoubleParam scrubGamma;
  private final IntParam maxIter;
  private final DoubleParam targetForgetIncrease;
  private final DoubleParam retainFraction;
  private final DoubleParam forgetFraction;
  private final LongParam seed;
  private final IntParam blockRows;
  private final Param<String> stepControl;
  private final Param<String> stepMetric;
  private final DoubleParam initialRadius;
  private final DoubleParam retainTolerance;
  private final BooleanParam targetEnabled;
  private final IntParam targetSampleRows;
  private final DoubleParam targetAccuracyTolerance;
  private final DoubleParam targetAucTolerance;
  private final DoubleParam targetLossCapQuantile;
  private final Param<String> forgetPredicate;
  private final Param<String> forgetFlagCol;
  private final Param<String> forgetIdsPath;
  private final Param<String> forgetIdsFormat;
  private final Param<String> forgetIdsCol;
  private final Param<String> labelCol;
  private final Param<String> idCol;
  private final Param<String> featuresCol;
  private final BooleanParam requireForgotten;

  /** The job key of every param bound to one, in declaration order. */
  private final Map<Param<?>, JobKey> keys = new LinkedHashMap<>();

  /** Params of an estimator with the given uid. */
  protected HamuUnlearnerParams(String uid) {
    this.uid = uid;
    modelPath =
        bind(
            new Param<>(
                this,
                "modelPath",
                "The original model: an MLlib model or PipelineModel directory "
                    + "(native .hamu files are refused; the job unlearns them). (job key "
                    + JobKey.MODEL_PATH.key()
                    + ")"),
            JobKey.MODEL_PATH);
    setDefault(modelPath, JobKey.MODEL_PATH.defaultValue());
    method = text("method", JobKey.METHOD);
    learningRate = number("learningRate", JobKey.LEARNING_RATE);
    constraintMode = text("constraintMode", JobKey.CONSTRAINT_MODE);
    feasibilityTarget = number("feasibilityTarget", JobKey.FEASIBILITY_TARGET);
    constraintRatio = number("constraintRatio", JobKey.CONSTRAINT_RATIO);
    radius = text("radius", JobKey.RADIUS);
    maxGradNorm = number("maxGradNorm", JobKey.MAX_GRAD_NORM);
    split = text("split", JobKey.SPLIT);
    splitNormalise = flag("splitNormalise", JobKey.SPLIT_NORMALISE);
    fullGradient = text("fullGradient", JobKey.FULL_GRADIENT);
    infeasible = text("infeasible", JobKey.INFEASIBLE);
    stoppingMode = text("stoppingMode", JobKey.STOPPING_MODE);
    stopOnCriterion = flag("stopOnCriterion", JobKey.STOPPING_STOP);
    projectionSign = text("projectionSign", JobKey.PROJECTION_SIGN);
    scrubAlpha = number("scrubAlpha", JobKey.SCRUB_ALPHA);
    scrubGamma = number("scrubGamma", JobKey.SCRUB_GAMMA);
    maxIter =
        bind(
            new IntParam(
                this,
                "maxIter",
                "Maximum iterations (>= 0; 0 changes nothing: with "
                    + "requireForgotten off, fit returns the original weights). (job key "
                    + JobKey.ITERATIONS.key()
                    + ")",
                new KeyValidator<>(JobKey.ITERATIONS)),
            JobKey.ITERATIONS);
    setDefault(maxIter, Integer.parseInt(JobKey.ITERATIONS.defaultValue()));
    targetForgetIncrease =
        bind(
            new DoubleParam(
                this,
                "targetForgetIncrease",
                "Stop once the mean forget loss rose "
                    + "by this much (> 0); not set disables it. (job key "
                    + JobKey.TARGET_FORGET_INCREASE.key()
                    + ")",
                new KeyValidator<>(JobKey.TARGET_FORGET_INCREASE)),
            JobKey.TARGET_FORGET_INCREASE);
    retainFraction = number("retainFraction", JobKey.SAMPLE_RETAIN_FRACTION);
    forgetFraction = number("forgetFraction", JobKey.SAMPLE_FORGET_FRACTION);
    seed = bind(new LongParam(this, "seed", doc(JobKey.SEED)), JobKey.SEED);
    setDefault(seed, Long.parseLong(JobKey.SEED.defaultValue()));
    blockRows = integer("blockRows", JobKey.BLOCK_ROWS);
    stepControl = text("stepControl", JobKey.STEP_CONTROL);
    stepMetric = text("stepMetric", JobKey.STEP_METRIC);
    initialRadius = number("initialRadius", JobKey.STEP_INITIAL_RADIUS);
    retainTolerance = number("retainTolerance", JobKey.RETAIN_TOLERANCE);
    targetEnabled = flag("targetEnabled", JobKey.TARGET_ENABLED);
    targetSampleRows = integer("targetSampleRows", JobKey.TARGET_SAMPLE_ROWS);
    targetAccuracyTolerance = number("targetAccuracyTolerance", JobKey.TARGET_ACCURACY_TOLERANCE);
    targetAucTolerance = number("targetAucTolerance", JobKey.TARGET_AUC_TOLERANCE);
    targetLossCapQuantile = number("targetLossCapQuantile", JobKey.TARGET_LOSS_CAP_QUANTILE);
    forgetPredicate = text("forgetPredicate", JobKey.FORGET_PREDICATE);
    forgetFlagCol = text("forgetFlagCol", JobKey.FORGET_FLAG_COLUMN);
    forgetIdsPath = text("forgetIdsPath", JobKey.FORGET_IDS_PATH);
    forgetIdsFormat = text("forgetIdsFormat", JobKey.FORGET_IDS_FORMAT);
    forgetIdsCol = text("forgetIdsCol", JobKey.FORGET_IDS_COLUMN);
    labelCol = text("labelCol", JobKey.DATA_LABEL_COL);
    idCol = text("idCol", JobKey.DATA_ID_COL);
    featuresCol = text("featuresCol", JobKey.DATA_FEATURES_COL);
    requireForgotten =
        new BooleanParam(
            this,
            "requireForgotten",
            "Whether fit refuses to return a model whose "
                + "verdict is escalate or not forgotten, throwing NotForgottenException instead (the estimator's form of "
                + "the job's non-zero exit). Not a job key.");
    setDefault(requireForgotten, true);
  }

  // ---- param construction: the doc and default come from the job key ----

  private static String doc(JobKey key) {
    return key.description() + " (job key " + key.key() + ")";
  }

  private <P extends Param<?>> P bind(P param, JobKey key) {
    keys.put(param, key);
    return param;
  }

  private Param<String> text(String name, JobKey key) {
    Param<String> p = bind(new Param<>(this, name, doc(key), new KeyValidator<>(key)), key);
    setDefault(p, key.defaultValue());
    return p;
  }

  private DoubleParam number(String name, JobKey key) {
    DoubleParam p = bind(new DoubleParam(this, name, doc(key), new KeyValidator<>(key)), key);
    setDefault(p, Double.parseDouble(key.defaultValue()));
    return p;
  }

  private IntParam integer(String name, JobKey key) {
    IntParam p = bind(new IntParam(this, name, doc(key), new KeyValidator<>(key)), key);
    setDefault(p, Integer.parseInt(key.defaultValue()));
    return p;
  }

  private BooleanParam flag(String name, JobKey key) {
    BooleanParam p = bind(new BooleanParam(this, name, doc(key)), key);
    setDefault(p, Boolean.parseBoolean(key.defaultValue()));
    return p;
  }

  /**
   * Sets {@code param} after checking {@code value} against its job key's range or choices, so that
   * a bad value fails here, with what the key expects, rather than at {@link #fit}.
   */
  private <T> void setValid(Param<T> param, T value) {
    if (!Boolean.TRUE.equals(param.isValid().apply(value))) {
      JobKey key = keys.get(param);
      throw new IllegalArgumentException(
          param.name()
              + " (job key "
              + key.key()
              + "): expected "
              + KeyValidator.expected(key)
              + ", got "
              + value);
    }
    set(param, value);
  }

  @Override
  public String uid() {
    return uid;
  }

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  // ---- the original model ----

  /**
   * The saved original model: an MLlib model or {@code PipelineModel} directory (job key
   * hamu.model.path).
   */
  public Param<String> modelPath() {
    return modelPath;
  }

  public String getModelPath() {
    return getOrDefault(modelPath);
  }

  /** Unlearns the MLlib model saved at {@code path}. */
  public S setModelPath(String path) {
    setValid(modelPath, path);
    return self();
  }

  // ---- method and update rule ----

  /** Unlearning method ({@code hamu.method}): the Param's doc lists its words. */
  public Param<String> method() {
    return method;
  }

  public String getMethod() {
    return getOrDefault(method);
  }

  public S setMethod(String value) {
    setValid(method, value);
    return self();
  }

  /** Learning rate lr (> 0). */
  public DoubleParam learningRate() {
    return learningRate;
  }

  public double getLearningRate() {
    return (Double) getOrDefault(learningRate);
  }

  public S setLearningRate(double value) {
    setValid(learningRate, value);
    return self();
  }

  /** How HAMU's constraint is set: {@code feasibility} (default) or {@code absolute}. */
  public Param<String> constraintMode() {
    return constraintMode;
  }

  public String getConstraintMode() {
    return getOrDefault(constraintMode);
  }

  public S setConstraintMode(String value) {
    setValid(constraintMode, value);
    return self();
  }

  /** With constraintMode=feasibility: the fraction of the reachable gain requested each step. */
  public DoubleParam feasibilityTarget() {
    return feasibilityTarget;
  }

  public double getFeasibilityTarget() {
    return (Double) getOrDefault(feasibilityTarget);
  }

  public S setFeasibilityTarget(double value) {
    setValid(feasibilityTarget, value);
    return self();
  }

  /** With constraintMode=absolute: B = ratio·lr. */
  public DoubleParam constraintRatio() {
    return constraintRatio;
  }

  public double getConstraintRatio() {
    return (Double) getOrDefault(constraintRatio);
  }

  public S setConstraintRatio(double value) {
    setValid(constraintRatio, value);
    return self();
  }

  /** HAMU radius: {@code lr} or a fixed positive number. */
  public Param<String> radius() {
    return radius;
  }

  public String getRadius() {
    return getOrDefault(radius);
  }

  /** {@code "lr"} (R = lr·‖g_r‖ per tensor) or a positive number. */
  public S setRadius(String value) {
    setValid(radius, value);
    return self();
  }

  /** A fixed radius. */
  public S setRadius(double value) {
    return setRadius(Double.toString(value));
  }

  /** Global L2 clipping norm of the retain and forget gradients. */
  public DoubleParam maxGradNorm() {
    return maxGradNorm;
  }

  public double getMaxGradNorm() {
    return (Double) getOrDefault(maxGradNorm);
  }

  /** A positive norm, or {@code Double.POSITIVE_INFINITY} to disable clipping. */
  public S setMaxGradNorm(double value) {
    setValid(maxGradNorm, value);
    return self();
  }

  /** How B is split over tensors ({@code hamu.split}): the Param's doc lists its words. */
  public Param<String> split() {
    return split;
  }

  public String getSplit() {
    return getOrDefault(split);
  }

  public S setSplit(String value) {
    setValid(split, value);
    return self();
  }

  /** Whether the split weights are normalised to sum to 1. */
  public BooleanParam splitNormalise() {
    return splitNormalise;
  }

  public boolean getSplitNormalise() {
    return (Boolean) getOrDefault(splitNormalise);
  }

  public S setSplitNormalise(boolean value) {
    setValid(splitNormalise, value);
    return self();
  }

  /** Model-wide geometry: off, reference or exact. */
  public Param<String> fullGradient() {
    return fullGradient;
  }

  public String getFullGradient() {
    return getOrDefault(fullGradient);
  }

  public S setFullGradient(String value) {
    setValid(fullGradient, value);
    return self();
  }

  /** When a step is infeasible: stop or continue. */
  public Param<String> infeasible() {
    return infeasible;
  }

  public String getInfeasible() {
    return getOrDefault(infeasible);
  }

  public S setInfeasible(String value) {
    setValid(infeasible, value);
    return self();
  }

  /** Stopping criterion form ({@code hamu.stopping.mode}): the Param's doc lists its words. */
  public Param<String> stoppingMode() {
    return stoppingMode;
  }

  public String getStoppingMode() {
    return getOrDefault(stoppingMode);
  }

  public S setStoppingMode(String value) {
    setValid(stoppingMode, value);
    return self();
  }

  /** Whether the run ends when the stopping criterion is met. */
  public BooleanParam stopOnCriterion() {
    return stopOnCriterion;
  }

  public boolean getStopOnCriterion() {
    return (Boolean) getOrDefault(stopOnCriterion);
  }

  public S setStopOnCriterion(boolean value) {
    setValid(stopOnCriterion, value);
    return self();
  }

  /** gru/pcgrad conflict test: textbook or reference. */
  public Param<String> projectionSign() {
    return projectionSign;
  }

  public String getProjectionSign() {
    return getOrDefault(projectionSign);
  }

  public S setProjectionSign(String value) {
    setValid(projectionSign, value);
    return self();
  }

  /** scrub: weight of the retain KL. */
  public DoubleParam scrubAlpha() {
    return scrubAlpha;
  }

  public double getScrubAlpha() {
    return (Double) getOrDefault(scrubAlpha);
  }

  public S setScrubAlpha(double value) {
    setValid(scrubAlpha, value);
    return self();
  }

  /** scrub: weight of the retain loss. */
  public DoubleParam scrubGamma() {
    return scrubGamma;
  }

  public double getScrubGamma() {
    return (Double) getOrDefault(scrubGamma);
  }

  public S setScrubGamma(double value) {
    setValid(scrubGamma, value);
    return self();
  }

  // ---- the loop and sampling ----

  /** Maximum iterations (0 returns the original weights). */
  public IntParam maxIter() {
    return maxIter;
  }

  public int getMaxIter() {
    return (Integer) getOrDefault(maxIter);
  }

  public S setMaxIter(int value) {
    setValid(maxIter, value);
    return self();
  }

  /** Stop once the mean forget loss rose by this much; not set (the default) disables it. */
  public DoubleParam targetForgetIncrease() {
    return targetForgetIncrease;
  }

  /** The target, or {@code Double.POSITIVE_INFINITY} when it is not set (disabled). */
  public double getTargetForgetIncrease() {
    return isDefined(targetForgetIncrease)
        ? (Double) getOrDefault(targetForgetIncrease)
        : Double.POSITIVE_INFINITY;
  }

  /** A target (> 0); {@code clear(targetForgetIncrease())} disables it again. */
  public S setTargetForgetIncrease(double value) {
    setValid(targetForgetIncrease, value);
    return self();
  }

  /** Fraction of retain rows sampled per iteration, in (0, 1]. */
  public DoubleParam retainFraction() {
    return retainFraction;
  }

  public double getRetainFraction() {
    return (Double) getOrDefault(retainFraction);
  }

  public S setRetainFraction(double value) {
    setValid(retainFraction, value);
    return self();
  }

  /** Fraction of forget rows sampled per iteration, in (0, 1]. */
  public DoubleParam forgetFraction() {
    return forgetFraction;
  }

  public double getForgetFraction() {
    return (Double) getOrDefault(forgetFraction);
  }

  public S setForgetFraction(double value) {
    setValid(forgetFraction, value);
    return self();
  }

  /** Run seed (sampling). */
  public LongParam seed() {
    return seed;
  }

  public long getSeed() {
    return (Long) getOrDefault(seed);
  }

  public S setSeed(long value) {
    setValid(seed, value);
    return self();
  }

  /** Rows per cached block on executors (>= 1). */
  public IntParam blockRows() {
    return blockRows;
  }

  public int getBlockRows() {
    return (Integer) getOrDefault(blockRows);
  }

  public S setBlockRows(int value) {
    setValid(blockRows, value);
    return self();
  }

  // ---- the forget selection: exactly one of predicate, flag column, id list ----

  /** SQL predicate over the data's columns selecting the rows to forget, e.g. {@code label = 3}. */
  public Param<String> forgetPredicate() {
    return forgetPredicate;
  }

  public String getForgetPredicate() {
    return getOrDefault(forgetPredicate);
  }

  public S setForgetPredicate(String value) {
    setValid(forgetPredicate, value);
    return self();
  }

  /** Boolean column of the data whose true rows are forgotten. */
  public Param<String> forgetFlagCol() {
    return forgetFlagCol;
  }

  public String getForgetFlagCol() {
    return getOrDefault(forgetFlagCol);
  }

  public S setForgetFlagCol(String value) {
    setValid(forgetFlagCol, value);
    return self();
  }

  /** Deletion list: path (or table name) of the ids to forget, joined on {@link #idCol}. */
  public Param<String> forgetIdsPath() {
    return forgetIdsPath;
  }

  public String getForgetIdsPath() {
    return getOrDefault(forgetIdsPath);
  }

  public S setForgetIdsPath(String value) {
    setValid(forgetIdsPath, value);
    return self();
  }

  /**
   * Format of the deletion list ({@code hamu.forget.ids.format}): the Param's doc lists the
   * formats.
   */
  public Param<String> forgetIdsFormat() {
    return forgetIdsFormat;
  }

  public String getForgetIdsFormat() {
    return getOrDefault(forgetIdsFormat);
  }

  public S setForgetIdsFormat(String value) {
    setValid(forgetIdsFormat, value);
    return self();
  }

  /** Id column of the deletion list. */
  public Param<String> forgetIdsCol() {
    return forgetIdsCol;
  }

  public String getForgetIdsCol() {
    return getOrDefault(forgetIdsCol);
  }

  public S setForgetIdsCol(String value) {
    setValid(forgetIdsCol, value);
    return self();
  }

  // ---- columns ----

  /** Label column: class index 0..k-1, or the regression target. */
  public Param<String> labelCol() {
    return labelCol;
  }

  public String getLabelCol() {
    return getOrDefault(labelCol);
  }

  public S setLabelCol(String value) {
    setValid(labelCol, value);
    return self();
  }

  /** Column identifying rows, joined with the deletion list. */
  public Param<String> idCol() {
    return idCol;
  }

  public String getIdCol() {
    return getOrDefault(idCol);
  }

  public S setIdCol(String value) {
    setValid(idCol, value);
    return self();
  }

  /**
   * The job's features column setting, kept for parity with the job: it applies to native models
   * only, so the MLlib models this estimator unlearns ignore it and read their own features column
   * (after their pipeline stages).
   */
  public Param<String> featuresCol() {
    return featuresCol;
  }

  public String getFeaturesCol() {
    return getOrDefault(featuresCol);
  }

  public S setFeaturesCol(String value) {
    setValid(featuresCol, value);
    return self();
  }

  // ---- step control and the forgetting target ----

  /** How a step is sized: trust-region or as-planned. */
  public Param<String> stepControl() {
    return stepControl;
  }

  public String getStepControl() {
    return getOrDefault(stepControl);
  }

  public S setStepControl(String value) {
    setValid(stepControl, value);
    return self();
  }

  /** trust-region: the geometry of the step's direction, retain-fisher or euclidean. */
  public Param<String> stepMetric() {
    return stepMetric;
  }

  public String getStepMetric() {
    return getOrDefault(stepMetric);
  }

  public S setStepMetric(String value) {
    setValid(stepMetric, value);
    return self();
  }

  /** trust-region: the first trust radius as a fraction of the weight norm. */
  public DoubleParam initialRadius() {
    return initialRadius;
  }

  public double getInitialRadius() {
    return (Double) getOrDefault(initialRadius);
  }

  public S setInitialRadius(double value) {
    setValid(initialRadius, value);
    return self();
  }

  /** Largest accepted drop of retain (and held-out) accuracy against the original model. */
  public DoubleParam retainTolerance() {
    return retainTolerance;
  }

  public double getRetainTolerance() {
    return (Double) getOrDefault(retainTolerance);
  }

  public S setRetainTolerance(double value) {
    setValid(retainTolerance, value);
    return self();
  }

  /** Whether the forgetting target is measured every iteration (and ends the run when met). */
  public BooleanParam targetEnabled() {
    return targetEnabled;
  }

  public boolean getTargetEnabled() {
    return (Boolean) getOrDefault(targetEnabled);
  }

  public S setTargetEnabled(boolean value) {
    setValid(targetEnabled, value);
    return self();
  }

  /** Cap on the forgotten and on the held-out rows the driver evaluates for the target. */
  public IntParam targetSampleRows() {
    return targetSampleRows;
  }

  public int getTargetSampleRows() {
    return (Integer) getOrDefault(targetSampleRows);
  }

  public S setTargetSampleRows(int value) {
    setValid(targetSampleRows, value);
    return self();
  }

  /** Allowed accuracy excess of the forgotten rows over the held-out reference. */
  public DoubleParam targetAccuracyTolerance() {
    return targetAccuracyTolerance;
  }

  public double getTargetAccuracyTolerance() {
    return (Double) getOrDefault(targetAccuracyTolerance);
  }

  public S setTargetAccuracyTolerance(double value) {
    setValid(targetAccuracyTolerance, value);
    return self();
  }

  /** Allowed membership AUC above 0.5. */
  public DoubleParam targetAucTolerance() {
    return targetAucTolerance;
  }

  public double getTargetAucTolerance() {
    return (Double) getOrDefault(targetAucTolerance);
  }

  public S setTargetAucTolerance(double value) {
    setValid(targetAucTolerance, value);
    return self();
  }

  /** The held-out loss quantile that caps each forgotten row's loss. */
  public DoubleParam targetLossCapQuantile() {
    return targetLossCapQuantile;
  }

  public double getTargetLossCapQuantile() {
    return (Double) getOrDefault(targetLossCapQuantile);
  }

  public S setTargetLossCapQuantile(double value) {
    setValid(targetLossCapQuantile, value);
    return self();
  }

  /**
   * Whether {@link #fit} throws {@link NotForgottenException} unless the verdict is a success
   * (default true).
   */
  public BooleanParam requireForgotten() {
    return requireForgotten;
  }

  public boolean getRequireForgotten() {
    return (Boolean) getOrDefault(requireForgotten);
  }

  public S setRequireForgotten(boolean value) {
    setValid(requireForgotten, value);
    return self();
  }

  // ---- the params as the job's configuration ----

  /** The params as the job's settings: every defined param under its job key. */
  JobSettings jobSettings() {
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<Param<?>, JobKey> e : keys.entrySet()) {
      if (isDefined(e.getKey())) {
        values.put(e.getValue().key(), String.valueOf(getOrDefault(e.getKey())));
      }
    }
    return JobSettings.of(values);
  }

  /** The params validated as the job validates them. */
  UnlearningConfig unlearningConfig() {
    return UnlearningConfig.from(jobSettings());
  }

  /** The job key of every param, by param name, in declaration order. */
  Map<String, String> jobKeys() {
    Map<String, String> out = new LinkedHashMap<>();
    keys.forEach((p, k) -> out.put(p.name(), k.key()));
    return Collections.unmodifiableMap(out);
  }
}
