package ai.hamu.spark.ml;

import ai.hamu.core.unlearn.IterationListener;
import ai.hamu.core.unlearn.IterationRecord;
import ai.hamu.core.unlearn.LoopState;
import ai.hamu.core.unlearn.ProgressLine;
import ai.hamu.spark.data.SelectionResult;
import ai.hamu.spark.driver.DistributedResult;
import ai.hamu.spark.job.ConfigException;
import ai.hamu.spark.job.DataFrameUnlearner;
import ai.hamu.spark.job.JobKey;
import ai.hamu.spark.job.ModelSource;
import ai.hamu.spark.job.UnlearnJob;
import ai.hamu.spark.job.UnlearningConfig;
import ai.hamu.spark.mllib.MllibModelCodec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Transformer;
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
 * unlearned model, of the same class as the original ({@code LogisticRegressionModel}, {@code
 * LinearRegressionModel}, {@code MultilayerPerceptronClassificationModel}, or a {@code
 * PipelineModel} ending in one), with the same uid and params. For a pipeline, the data is given
 * with the pipeline's raw input columns.
 *
 * <p>Every param ({@link HamuUnlearnerParams}) stands for a key of the unlearning job and has the
 * job's default. A value outside its key's range fails when it is set; the whole configuration is
 * validated exactly as the job validates it, so an invalid combination fails {@link #fit} (and
 * {@link #transformSchema}) with a {@link ConfigException} naming the job key, e.g. {@code
 * hamu.forget}. The original model is a saved MLlib model directory ({@link #setModelPath}) or a
 * model in memory ({@link #setModel}); native {@code .hamu} models are refused, as {@code fit}
 * returns an MLlib model (the job, {@link UnlearnJob}, unlearns them).
 *
 * <p>After {@code fit}, {@link #getLastRun()} gives the run's verdict, before/after metrics and the
 * per-iteration history as DataFrames. A run whose verdict is escalate or not forgotten returns no
 * model: {@code fit} throws {@link NotForgottenException}, as the job exits non-zero, unless {@link
 * #setRequireForgotten setRequireForgotten(false)}. The returned model keeps the original's parent
 * estimator.
 *
 * <p>The class extends the raw {@code Estimator} type (so {@code fit} takes a raw {@code Dataset})
 * because the class of the model it returns depends on the original model, which no single type
 * argument {@code M extends Model<M>} covers; cast the result of {@code fit} to that class.
 */
@SuppressWarnings("rawtypes")
public final class HamuUnlearner extends HamuUnlearnerParams<HamuUnlearner>
    implements DefaultParamsWritable {

  private static final long serialVersionUID = 1L;

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
    super(uid);
  }

  /**
   * Unlearns the MLlib model saved at {@code path}; forgets any model given with {@link #setModel}.
   */
  @Override
  public HamuUnlearner setModelPath(String path) {
    super.setModelPath(path);
    model = null;
    return this;
  }

  /**
   * Unlearns {@code mllibModel}, a fitted model in memory, instead of a saved one; clears {@link
   * #modelPath}. This is not a param: saving the unlearner does not save the model, so a loaded
   * unlearner needs {@link #setModelPath} or another call of this method.
   */
  public HamuUnlearner setModel(Transformer mllibModel) {
    clear(modelPath());
    model = mllibModel;
    return this;
  }

  /** The model given with {@link #setModel}, or null. */
  public Transformer getModel() {
    return model;
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

  // ---- fit, schema, the last run ----

  /**
   * Unlearns the original model on {@code dataset}, its training data with the columns the model
   * reads (a pipeline's raw input columns), the label column and the columns the forget selection
   * uses.
   *
   * @return the unlearned model, of the original model's class
   * @throws NotForgottenException if the verdict is escalate or not forgotten and {@link
   *     #requireForgotten} is on (the default); the run is in {@link #getLastRun()}
   * @throws ConfigException if a param is invalid (naming its job key)
   * @throws IllegalArgumentException if the model or the data do not fit, or the selection leaves
   *     no forget or no retain rows
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
      log()
          .warn(
              "{} of {} requested ids match no row",
              selection.unmatchedIds(),
              selection.requestedIds());
    }
    log()
        .info(
            "hamu: {} on {} {}",
            config.method().configName(),
            original.architecture().type(),
            original.architecture().layerSizes());
    DistributedResult result =
        runner.run(
            original,
            selection,
            LoopState.start(original.weights()),
            progressLog(),
            Optional.ofNullable(heldOut));
    Model<?> unlearned = MllibModelCodec.export(original.imported(), result.result().weights());
    lastRun =
        new UnlearningSummary(
            spark,
            result,
            config.verdictOf(result),
            selection.requestedIds(),
            selection.unmatchedIds());
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
   * The original model, imported (a saved one loaded with {@code spark}); refuses native models and
   * a missing or doubly given model.
   */
  private ModelSource.Mllib originalModel(Supplier<SparkSession> spark) {
    String path = getModelPath();
    if (model != null && !path.isEmpty()) {
      throw new ConfigException(
          JobKey.MODEL_PATH.key(),
          "either modelPath or a model given with setModel, not both",
          path);
    }
    if (model != null) {
      return new ModelSource.Mllib(MllibModelCodec.importModel(model));
    }
    if (path.isEmpty()) {
      throw new ConfigException(
          JobKey.MODEL_PATH.key(),
          "a model: set modelPath (an MLlib model directory) or "
              + "give a fitted model with setModel",
          "");
    }
    ModelSource source;
    try {
      source = ModelSource.load(spark.get(), path);
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException(JobKey.MODEL_PATH.key() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          JobKey.MODEL_PATH.key() + ": cannot load " + path + ": " + e.getMessage(), e);
    }
    if (source instanceof ModelSource.Mllib mllib) {
      return mllib;
    }
    throw new IllegalArgumentException(
        JobKey.MODEL_PATH.key()
            + ": "
            + path
            + " is a native model; "
            + "HamuUnlearner returns an MLlib model, so it needs an MLlib model directory or setModel. Unlearn native "
            + "models with the job ("
            + UnlearnJob.class.getName()
            + ")");
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
      throw new IllegalStateException("HamuUnlearner " + uid() + ": no run yet; call fit first");
    }
    return run;
  }

  /** Whether {@link #fit} has run on this instance. */
  public boolean hasLastRun() {
    return lastRun != null;
  }

  /**
   * A copy with the same uid, params (plus {@code extra}) and in-memory model; not the last run.
   */
  @Override
  public HamuUnlearner copy(ParamMap extra) {
    HamuUnlearner copy = defaultCopy(extra);
    copy.model = model;
    copy.heldOut = heldOut;
    return copy;
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
