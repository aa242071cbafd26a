package ai.hamu.spark.ml;

import ai.hamu.core.unlearn.IterationListener;
import ai.hamu.core.unlearn.IterationRecord;
import ai.hamu.core.unlearn.LoopState;
import ai.hamu.core.unlearn.ProgressLine;
import ai.hamu.spark.data.SelectionResult;
import ai.hamu.spark.driver.DistributedResult;
import ai.hamu.spark.job.ConfigException;
import ai.hamu.spark.job.JobKey;
import ai.hamu.spark.job.JobSettings;
import ai.hamu.spark.job.ModelSource;
import ai.hamu.spark.job.UnlearnJob;
import ai.hamu.spark.job.UnlearningConfig;
import ai.hamu.spark.job.DataFrameUnlearner;
import ai.hamu.spark.mllib.MllibModelCodec;
import ai.hamu.spark.report.Verdict;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * HAMU unlearning as a Spark ML {@link Estimator}: {@link #fit} takes the training data of a fitted
 * MLlib model, removes the influence of the rows the forget selection chooses, and returns the
 * unlearned model, of the same class as the original ({@code LogisticRegressionModel},
 * {@code LinearRegressionModel}, {@code MultilayerPerceptronClassificationModel}, or a
 * {@code PipelineModel} ending in one), with the same uid and params. For a pipeline, the data is
 * given with the pipeline's raw input columns.
 *
 * <p>Every param stands for a key of the unlearning job and has the job's default; the params are
 * validated exactly as the job validates its configuration, so an invalid value fails {@link #fit}
 * (and {@link #transformSchema}) with a {@link ConfigException} naming the job key, e.g.
 * {@code hamu.learningRate}. The original model is a saved MLlib model directory ({@link
 * #setModelPath}) or a model in memory ({@link #setModel}); native {@code .hamu} models are refused,
 * as {@code fit} returns an MLlib model (the job, {@link UnlearnJob}, unlearns them).
 *
 * <p>After {@code fit}, {@link #getLastRun()} gives the run's verdict, before/after metrics and the
 * per-iteration history as DataFrames. A run whose verdict is escalate or not forgotten returns no
 * model: {@code fit} throws {@link NotForgottenException}, as the job exits non-zero, unless
 * {@link #setRequireForgotten setRequireForgotten(false)}. The returned model keeps the original's parent estimator.
 *
 * <p>The class extends the raw {@code Estimator} type (so {@code fit} takes a raw {@code Dataset})
 * because the class of the model it returns depends on the original model, which no single type
 * argument {@code M extends Model<M>} covers; cast the result of {@code fit} to that class.
 */
@SuppressWarnings("rawtypes")
public final class HamuUnlearner extends Estimator implements DefaultParamsWritable {

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
  private final DoubleParam initialRadius;
  private final DoubleParam retainTolerance;
  private final BooleanParam targetEnabled;
  private final IntParam targetSampleRows;
  private final DoubleParam targetAccuracyTolerance;
  private final DoubleParam targetAucTolerance;
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

  /** The original model given in memory, or null. Not a param: never persisted. */
  private Transformer model;

  /** Held-out rows for the forgetting target, or null. Not a param: never persisted. */
  private Dataset<Row> heldOut;

  private transient volatile UnlearningSummary lastRun;

  /** An unlearner with a random uid. */
  public HamuUnlearner() {
    this(Identifiable.randomUID("hamuUnlearner"));
  }

  /** An unlearner with the given uid (as MLlib's readers and {@link #copy} create it). */
  public HamuUnlearner(String uid) {
    this.uid = uid;
    modelPath = bind(new Param<>(this, "modelPath", "The original model: an MLlib model or PipelineModel directory "
        + "(native .hamu files are refused; the job unlearns them). (job key " + JobKey.MODEL_PATH.key() + ")"),
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
    maxIter = bind(new IntParam(this, "maxIter", "Maximum iterations (>= 0; 0 changes nothing: with "
        + "requireForgotten off, fit returns the original weights). (job key " + JobKey.ITERATIONS.key() + ")",
        new KeyValidator(JobKey.ITERATIONS)), JobKey.ITERATIONS);
    setDefault(maxIter, Integer.parseInt(JobKey.ITERATIONS.defaultValue()));
    targetForgetIncrease = bind(new DoubleParam(this, "targetForgetIncrease", "Stop once the mean forget loss rose "
        + "by this much (> 0); not set disables it. (job key " + JobKey.TARGET_FORGET_INCREASE.key() + ")",
        new KeyValidator(JobKey.TARGET_FORGET_INCREASE)), JobKey.TARGET_FORGET_INCREASE);
    retainFraction = number("retainFraction", JobKey.SAMPLE_RETAIN_FRACTION);
    forgetFraction = number("forgetFraction", JobKey.SAMPLE_FORGET_FRACTION);
    seed = bind(new LongParam(this, "seed", doc(JobKey.SEED)), JobKey.SEED);
    setDefault(seed, Long.parseLong(JobKey.SEED.defaultValue()));
    blockRows = integer("blockRows", JobKey.BLOCK_ROWS);
    stepControl = text("stepControl", JobKey.STEP_CONTROL);
    initialRadius = number("initialRadius", JobKey.STEP_INITIAL_RADIUS);
    retainTolerance = number("retainTolerance", JobKey.RETAIN_TOLERANCE);
    targetEnabled = flag("targetEnabled", JobKey.TARGET_ENABLED);
    targetSampleRows = integer("targetSampleRows", JobKey.TARGET_SAMPLE_ROWS);
    targetAccuracyTolerance = number("targetAccuracyTolerance", JobKey.TARGET_ACCURACY_TOLERANCE);
    targetAucTolerance = number("targetAucTolerance", JobKey.TARGET_AUC_TOLERANCE);
    forgetPredicate = text("forgetPredicate", JobKey.FORGET_PREDICATE);
    forgetFlagCol = text("forgetFlagCol", JobKey.FORGET_FLAG_COLUMN);
    forgetIdsPath = text("forgetIdsPath", JobKey.FORGET_IDS_PATH);
    forgetIdsFormat = text("forgetIdsFormat", JobKey.FORGET_IDS_FORMAT);
    forgetIdsCol = text("forgetIdsCol", JobKey.FORGET_IDS_COLUMN);
    labelCol = text("labelCol", JobKey.DATA_LABEL_COL);
    idCol = text("idCol", JobKey.DATA_ID_COL);
    featuresCol = text("featuresCol", JobKey.DATA_FEATURES_COL);
    requireForgotten = new BooleanParam(this, "requireForgotten", "Whether fit refuses to return a model whose "
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
    Param<String> p = bind(new Param<>(this, name, doc(key), new KeyValidator(key)), key);
    setDefault(p, key.defaultValue());
    return p;
  }

  private DoubleParam number(String name, JobKey key) {
    DoubleParam p = bind(new DoubleParam(this, name, doc(key), new KeyValidator(key)), key);
    setDefault(p, Double.parseDouble(key.defaultValue()));
    return p;
  }

  private IntParam integer(String name, JobKey key) {
    IntParam p = bind(new IntParam(this, name, doc(key), new KeyValidator(key)), key);
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
      throw new IllegalArgumentException(param.name() + " (job key " + key.key() + "): expected "
          + KeyValidator.expected(key) + ", got " + value);
    }
    set(param, value);
  }

  @Override
  public String uid() {
    return uid;
  }

  // ---- the original model ----

  /** The saved original model: an MLlib model or {@code PipelineModel} directory (job key hamu.model.path). */
  public Param<String> modelPath() {
    return modelPath;
  }

  public String getModelPath() {
    return getOrDefault(modelPath);
  }

  /** Unlearns the MLlib model saved at {@code path}; forgets any model given with {@link #setModel}. */
  public HamuUnlearner setModelPath(String path) {
    setValid(modelPath, path);
    model = null;
    return this;
  }

  /**
   * Unlearns {@code mllibModel}, a fitted model in memory, instead of a saved one; clears
   * {@link #modelPath}. This is not a param: saving the unlearner does not save the model, so a
   * loaded unlearner needs {@link #setModelPath} or another call of this method.
   */
  public HamuUnlearner setModel(Transformer mllibModel) {
    clear(modelPath);
    model = mllibModel;
    return this;
  }

  /** The model given with {@link #setModel}, or null. */
  public Transformer getModel() {
    return model;
  }

  // ---- method and update rule ----

  /** Unlearning method: hamu-q, hamu-u, ft, ga, gdiff, kl, scrub, gru or pcgrad. */
  public Param<String> method() {
    return method;
  }

  public String getMethod() {
    return getOrDefault(method);
  }

  public HamuUnlearner setMethod(String value) {
    setValid(method, value);
    return this;
  }

  /** Learning rate lr (> 0). */
  public DoubleParam learningRate() {
    return learningRate;
  }

  public double getLearningRate() {
    return (Double) getOrDefault(learningRate);
  }

  public HamuUnlearner setLearningRate(double value) {
    setValid(learningRate, value);
    return this;
  }

  /** How HAMU's constraint is set: {@code feasibility} (default) or {@code absolute}. */
  public Param<String> constraintMode() {
    return constraintMode;
  }

  public String getConstraintMode() {
    return getOrDefault(constraintMode);
  }

  public HamuUnlearner setConstraintMode(String value) {
    setValid(constraintMode, value);
    return this;
  }

  /** With constraintMode=feasibility: the fraction of the reachable gain requested each step. */
  public DoubleParam feasibilityTarget() {
    return feasibilityTarget;
  }

  public double getFeasibilityTarget() {
    return (Double) getOrDefault(feasibilityTarget);
  }

  public HamuUnlearner setFeasibilityTarget(double value) {
    setValid(feasibilityTarget, value);
    return this;
  }

  /** With constraintMode=absolute: B = ratio·lr. */
  public DoubleParam constraintRatio() {
    return constraintRatio;
  }

  public double getConstraintRatio() {
    return (Double) getOrDefault(constraintRatio);
  }

  public HamuUnlearner setConstraintRatio(double value) {
    setValid(constraintRatio, value);
    return this;
  }

  /** HAMU radius: {@code lr} or a fixed positive number. */
  public Param<String> radius() {
    return radius;
  }

  public String getRadius() {
    return getOrDefault(radius);
  }

  /** {@code "lr"} (R = lr·‖g_r‖ per tensor) or a positive number. */
  public HamuUnlearner setRadius(String value) {
    setValid(radius, value);
    return this;
  }

  /** A fixed radius. */
  public HamuUnlearner setRadius(double value) {
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
  public HamuUnlearner setMaxGradNorm(double value) {
    setValid(maxGradNorm, value);
    return this;
  }

  /** How B is split over tensors: grad-norm, equal or softmax-dot. */
  public Param<String> split() {
    return split;
  }

  public String getSplit() {
    return getOrDefault(split);
  }

  public HamuUnlearner setSplit(String value) {
    setValid(split, value);
    return this;
  }

  /** Whether the split weights are normalised to sum to 1. */
  public BooleanParam splitNormalise() {
    return splitNormalise;
  }

  public boolean getSplitNormalise() {
    return (Boolean) getOrDefault(splitNormalise);
  }

  public HamuUnlearner setSplitNormalise(boolean value) {
    setValid(splitNormalise, value);
    return this;
  }

  /** Model-wide geometry: off, reference or exact. */
  public Param<String> fullGradient() {
    return fullGradient;
  }

  public String getFullGradient() {
    return getOrDefault(fullGradient);
  }

  public HamuUnlearner setFullGradient(String value) {
    setValid(fullGradient, value);
    return this;
  }

  /** When a step is infeasible: stop or continue. */
  public Param<String> infeasible() {
    return infeasible;
  }

  public String getInfeasible() {
    return getOrDefault(infeasible);
  }

  public HamuUnlearner setInfeasible(String value) {
    setValid(infeasible, value);
    return this;
  }

  /** Stopping criterion form: sign-aware or reference. */
  public Param<String> stoppingMode() {
    return stoppingMode;
  }

  public String getStoppingMode() {
    return getOrDefault(stoppingMode);
  }

  public HamuUnlearner setStoppingMode(String value) {
    setValid(stoppingMode, value);
    return this;
  }

  /** Whether the run ends when the stopping criterion is met. */
  public BooleanParam stopOnCriterion() {
    return stopOnCriterion;
  }

  public boolean getStopOnCriterion() {
    return (Boolean) getOrDefault(stopOnCriterion);
  }

  public HamuUnlearner setStopOnCriterion(boolean value) {
    setValid(stopOnCriterion, value);
    return this;
  }

  /** gru/pcgrad conflict test: textbook or reference. */
  public Param<String> projectionSign() {
    return projectionSign;
  }

  public String getProjectionSign() {
    return getOrDefault(projectionSign);
  }

  public HamuUnlearner setProjectionSign(String value) {
    setValid(projectionSign, value);
    return this;
  }

  /** scrub: weight of the retain KL. */
  public DoubleParam scrubAlpha() {
    return scrubAlpha;
  }

  public double getScrubAlpha() {
    return (Double) getOrDefault(scrubAlpha);
  }

  public HamuUnlearner setScrubAlpha(double value) {
    setValid(scrubAlpha, value);
    return this;
  }

  /** scrub: weight of the retain loss. */
  public DoubleParam scrubGamma() {
    return scrubGamma;
  }

  public double getScrubGamma() {
    return (Double) getOrDefault(scrubGamma);
  }

  public HamuUnlearner setScrubGamma(double value) {
    setValid(scrubGamma, value);
    return this;
  }

  // ---- the loop and sampling ----

  /** Maximum iterations (0 returns the original weights). */
  public IntParam maxIter() {
    return maxIter;
  }

  public int getMaxIter() {
    return (Integer) getOrDefault(maxIter);
  }

  public HamuUnlearner setMaxIter(int value) {
    setValid(maxIter, value);
    return this;
  }

  /** Stop once the mean forget loss rose by this much; not set (the default) disables it. */
  public DoubleParam targetForgetIncrease() {
    return targetForgetIncrease;
  }

  /** The target, or {@code Double.POSITIVE_INFINITY} when it is not set (disabled). */
  public double getTargetForgetIncrease() {
    return isDefined(targetForgetIncrease) ? (Double) getOrDefault(targetForgetIncrease) : Double.POSITIVE_INFINITY;
  }

  /** A target (> 0); {@code clear(targetForgetIncrease())} disables it again. */
  public HamuUnlearner setTargetForgetIncrease(double value) {
    setValid(targetForgetIncrease, value);
    return this;
  }

  /** Fraction of retain rows sampled per iteration, in (0, 1]. */
  public DoubleParam retainFraction() {
    return retainFraction;
  }

  public double getRetainFraction() {
    return (Double) getOrDefault(retainFraction);
  }

  public HamuUnlearner setRetainFraction(double value) {
    setValid(retainFraction, value);
    return this;
  }

  /** Fraction of forget rows sampled per iteration, in (0, 1]. */
  public DoubleParam forgetFraction() {
    return forgetFraction;
  }

  public double getForgetFraction() {
    return (Double) getOrDefault(forgetFraction);
  }

  public HamuUnlearner setForgetFraction(double value) {
    setValid(forgetFraction, value);
    return this;
  }

  /** Run seed (sampling). */
  public LongParam seed() {
    return seed;
  }

  public long getSeed() {
    return (Long) getOrDefault(seed);
  }

  public HamuUnlearner setSeed(long value) {
    setValid(seed, value);
    return this;
  }

  /** Rows per cached block on executors (>= 1). */
  public IntParam blockRows() {
    return blockRows;
  }

  public int getBlockRows() {
    return (Integer) getOrDefault(blockRows);
  }

  public HamuUnlearner setBlockRows(int value) {
    setValid(blockRows, value);
    return this;
  }

  // ---- the forget selection: exactly one of predicate, flag column, id list ----

  /** SQL predicate over the data's columns selecting the rows to forget, e.g. {@code label = 3}. */
  public Param<String> forgetPredicate() {
    return forgetPredicate;
  }

  public String getForgetPredicate() {
    return getOrDefault(forgetPredicate);
  }

  public HamuUnlearner setForgetPredicate(String value) {
    setValid(forgetPredicate, value);
    return this;
  }

  /** Boolean column of the data whose true rows are forgotten. */
  public Param<String> forgetFlagCol() {
    return forgetFlagCol;
  }

  public String getForgetFlagCol() {
    return getOrDefault(forgetFlagCol);
  }

  public HamuUnlearner setForgetFlagCol(String value) {
    setValid(forgetFlagCol, value);
    return this;
  }

  /** Deletion list: path (or table name) of the ids to forget, joined on {@link #idCol}. */
  public Param<String> forgetIdsPath() {
    return forgetIdsPath;
  }

  public String getForgetIdsPath() {
    return getOrDefault(forgetIdsPath);
  }

  public HamuUnlearner setForgetIdsPath(String value) {
    setValid(forgetIdsPath, value);
    return this;
  }

  /** Format of the deletion list: parquet, orc, csv, json or table. */
  public Param<String> forgetIdsFormat() {
    return forgetIdsFormat;
  }

  public String getForgetIdsFormat() {
    return getOrDefault(forgetIdsFormat);
  }

  public HamuUnlearner setForgetIdsFormat(String value) {
    setValid(forgetIdsFormat, value);
    return this;
  }

  /** Id column of the deletion list. */
  public Param<String> forgetIdsCol() {
    return forgetIdsCol;
  }

  public String getForgetIdsCol() {
    return getOrDefault(forgetIdsCol);
  }

  public HamuUnlearner setForgetIdsCol(String value) {
    setValid(forgetIdsCol, value);
    return this;
  }

  // ---- columns ----

  /** Label column: class index 0..k-1, or the regression target. */
  public Param<String> labelCol() {
    return labelCol;
  }

  public String getLabelCol() {
    return getOrDefault(labelCol);
  }

  public HamuUnlearner setLabelCol(String value) {
    setValid(labelCol, value);
    return this;
  }

  /** Column identifying rows, joined with the deletion list. */
  public Param<String> idCol() {
    return idCol;
  }

  public String getIdCol() {
    return getOrDefault(idCol);
  }

  public HamuUnlearner setIdCol(String value) {
    setValid(idCol, value);
    return this;
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

  public HamuUnlearner setFeaturesCol(String value) {
    setValid(featuresCol, value);
    return this;
  }

  // ---- step control and the forgetting target ----

  /** How a step is sized: trust-region or as-planned. */
  public Param<String> stepControl() {
    return stepControl;
  }

  public String getStepControl() {
    return getOrDefault(stepControl);
  }

  public HamuUnlearner setStepControl(String value) {
    setValid(stepControl, value);
    return this;
  }

  /** trust-region: the first trust radius as a fraction of the weight norm. */
  public DoubleParam initialRadius() {
    return initialRadius;
  }

  public double getInitialRadius() {
    return (Double) getOrDefault(initialRadius);
  }

  public HamuUnlearner setInitialRadius(double value) {
    setValid(initialRadius, value);
    return this;
  }

  /** Largest accepted drop of retain (and held-out) accuracy against the original model. */
  public DoubleParam retainTolerance() {
    return retainTolerance;
  }

  public double getRetainTolerance() {
    return (Double) getOrDefault(retainTolerance);
  }

  public HamuUnlearner setRetainTolerance(double value) {
    setValid(retainTolerance, value);
    return this;
  }

  /** Whether the forgetting target is measured every iteration (and ends the run when met). */
  public BooleanParam targetEnabled() {
    return targetEnabled;
  }

  public boolean getTargetEnabled() {
    return (Boolean) getOrDefault(targetEnabled);
  }

  public HamuUnlearner setTargetEnabled(boolean value) {
    setValid(targetEnabled, value);
    return this;
  }

  /** Cap on the forgotten and on the held-out rows the driver evaluates for the target. */
  public IntParam targetSampleRows() {
    return targetSampleRows;
  }

  public int getTargetSampleRows() {
    return (Integer) getOrDefault(targetSampleRows);
  }

  public HamuUnlearner setTargetSampleRows(int value) {
    setValid(targetSampleRows, value);
    return this;
  }

  /** Allowed accuracy excess of the forgotten rows over the held-out reference. */
  public DoubleParam targetAccuracyTolerance() {
    return targetAccuracyTolerance;
  }

  public double getTargetAccuracyTolerance() {
    return (Double) getOrDefault(targetAccuracyTolerance);
  }

  public HamuUnlearner setTargetAccuracyTolerance(double value) {
    setValid(targetAccuracyTolerance, value);
    return this;
  }

  /** Allowed membership AUC above 0.5. */
  public DoubleParam targetAucTolerance() {
    return targetAucTolerance;
  }

  public double getTargetAucTolerance() {
    return (Double) getOrDefault(targetAucTolerance);
  }

  public HamuUnlearner setTargetAucTolerance(double value) {
    setValid(targetAucTolerance, value);
    return this;
  }

  /**
   * Rows the model never trained on, with the training data's columns: the forgetting target
   * compares the forgotten rows with them. Needed unless every forgotten row is of a class no
   * retained row has (or the target is off). Not a param: never persisted.
   */
  public HamuUnlearner setHeldOutData(Dataset<Row> rows) {
    this.heldOut = rows;
    return this;
  }

  /** Whether {@link #fit} throws {@link NotForgottenException} unless the verdict is a success (default true). */
  public BooleanParam requireForgotten() {
    return requireForgotten;
  }

  public boolean getRequireForgotten() {
    return (Boolean) getOrDefault(requireForgotten);
  }

  public HamuUnlearner setRequireForgotten(boolean value) {
    setValid(requireForgotten, value);
    return this;
  }

  // ---- validation, fit, schema ----

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

  /**
   * Unlearns the original model on {@code dataset}, its training data with the columns the model
   * reads (a pipeline's raw input columns), the label column and the columns the forget selection
   * uses.
   *
   * @return the unlearned model, of the original model's class
   * @throws NotForgottenException    if the verdict is escalate or not forgotten and
   *                                  {@link #requireForgotten} is on (the default); the run is in
   *                                  {@link #getLastRun()}
   * @throws ConfigException          if a param is invalid (naming its job key)
   * @throws IllegalArgumentException if the model or the data do not fit, or the selection leaves
   *                                  no forget or no retain rows
   */
  @Override
  public Model<?> fit(Dataset dataset) {
    UnlearningConfig config = unlearningConfig();
    Dataset<Row> raw = ((Dataset<?>) dataset).toDF();
    SparkSession spark = raw.sparkSession();
    ModelSource.Mllib original = originalModel(() -> spark);
    DataFrameUnlearner runner = new DataFrameUnlearner(spark, config);
    SelectionResult selection = runner.select(raw);
    if (selection.unmatchedIds() > 0) {
      log().warn("{} of {} requested ids match no row", selection.unmatchedIds(), selection.requestedIds());
    }
    log().info("hamu: {} on {} {}", config.method().configName(), original.architecture().type(),
        original.architecture().layerSizes());
    DistributedResult result = runner.run(original, selection, LoopState.start(original.weights()), progressLog(),
        Optional.ofNullable(heldOut));
    Model<?> unlearned = MllibModelCodec.export(original.imported(), result.result().weights());
    lastRun = new UnlearningSummary(spark, result, Verdict.of(result.result(), config.method().isHamu(),
        result.before(), result.after(), config.loop().stepControl().retainTolerance()),
        selection.requestedIds(), selection.unmatchedIds());
    if (getRequireForgotten() && !lastRun.getVerdict().success()) {
      throw new NotForgottenException(lastRun);
    }
    return unlearned;
  }

  /**
   * Checks the params, the label column and the original model's input columns, and returns the
   * schema the unlearned model's {@code transform} produces (the original model's, which loads a
   * saved model).
   */
  @Override
  public StructType transformSchema(StructType schema) {
    UnlearningConfig config = unlearningConfig();
    DataFrameUnlearner.checkLabel(schema, config.labelCol());
    return originalModel(SparkSession::active).imported().source().transformSchema(schema);
  }

  /**
   * The original model, imported (a saved one loaded with {@code spark}); refuses native models and a
   * missing or doubly given model.
   */
  private ModelSource.Mllib originalModel(Supplier<SparkSession> spark) {
    String path = getModelPath();
    if (model != null && !path.isEmpty()) {
      throw new ConfigException(JobKey.MODEL_PATH.key(), "either modelPath or a model given with setModel, not both",
          path);
    }
    if (model != null) {
      return new ModelSource.Mllib(MllibModelCodec.importModel(model));
    }
    if (path.isEmpty()) {
      throw new ConfigException(JobKey.MODEL_PATH.key(), "a model: set modelPath (an MLlib model directory) or "
          + "give a fitted model with setModel", "");
    }
    ModelSource source;
    try {
      source = ModelSource.load(spark.get(), path);
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException(JobKey.MODEL_PATH.key() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(JobKey.MODEL_PATH.key() + ": cannot load " + path + ": " + e.getMessage(), e);
    }
    if (source instanceof ModelSource.Mllib mllib) {
      return mllib;
    }
    throw new IllegalArgumentException(JobKey.MODEL_PATH.key() + ": " + path + " is a native model; "
        + "HamuUnlearner returns an MLlib model, so it needs an MLlib model directory or setModel. Unlearn native "
        + "models with the job (" + UnlearnJob.class.getName() + ")");
  }

  private IterationListener progressLog() {
    return new IterationListener() {
      @Override
      public void afterIteration(IterationRecord record) {
        log().info(ProgressLine.format(record));
      }
    };
  }

  /**
   * The last run of {@link #fit} on this instance: verdict, metrics and history.
   *
   * @throws IllegalStateException if this instance has not been fitted
   */
  public UnlearningSummary getLastRun() {
    UnlearningSummary run = lastRun;
    if (run == null) {
      throw new IllegalStateException("HamuUnlearner " + uid + ": no run yet; call fit first");
    }
    return run;
  }

  /** Whether {@link #fit} has run on this instance. */
  public boolean hasLastRun() {
    return lastRun != null;
  }

  /** A copy with the same uid, params (plus {@code extra}) and in-memory model; not the last run. */
  @Override
  public HamuUnlearner copy(ParamMap extra) {
    HamuUnlearner copy = defaultCopy(extra);
    copy.model = model;
    copy.heldOut = heldOut;
    return copy;
  }

  /** The job key of every param, by param name, in declaration order. */
  Map<String, String> jobKeys() {
    Map<String, String> out = new LinkedHashMap<>();
    keys.forEach((p, k) -> out.put(p.name(), k.key()));
    return Collections.unmodifiableMap(out);
  }

  /** Reads an unlearner saved with {@code write()}, e.g. as a stage of a saved {@code Pipeline}. */
  public static MLReader<HamuUnlearner> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads an unlearner saved at {@code path}. */
  public static HamuUnlearner load(String path) {
    return read().load(path);
  }
}
