package ai.hamu.spark.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.plan.FrozenBlocksRule;
import ai.hamu.core.plan.UpdateRule;
import ai.hamu.core.unlearn.IterationListener;
import ai.hamu.core.unlearn.LoopState;
import ai.hamu.spark.data.DataFrames;
import ai.hamu.spark.data.ForgetSelector;
import ai.hamu.spark.data.InvalidInputException;
import ai.hamu.spark.data.RowBlockEncoder;
import ai.hamu.spark.data.SelectionResult;
import ai.hamu.spark.driver.DistributedResult;
import ai.hamu.spark.driver.DistributedUnlearner;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Unlearning on training data that is already loaded, shared by the job (which reads the data and
 * the model and writes the results around it) and the Spark ML estimator: flags the rows to forget,
 * adds the engine's label and features columns the way the model reads its input, checks the
 * feature dimension, and runs the distributed loop with the model's frozen blocks held fixed.
 */
public final class DataFrameUnlearner {

  /** The engine's features column, added by {@link #prepare}. */
  public static final String FEATURES = "__hamu_features";

  private final SparkSession spark;
  private final UnlearningConfig config;

  /** A runner on {@code spark} for {@code config}. */
  public DataFrameUnlearner(SparkSession spark, UnlearningConfig config) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Throws unless {@code schema} has the numeric label column {@code labelCol}. */
  public static void checkLabel(StructType schema, String labelCol) {
    DataFrames.requireColumn(schema, labelCol, JobKey.DATA_LABEL_COL.key());
    DataType type = schema.apply(labelCol).dataType();
    if (!(type instanceof NumericType)) {
      throw new InvalidInputException(
          JobKey.DATA_LABEL_COL.key() + ": column '" + labelCol + "'",
          "a numeric type",
          type.simpleString());
    }
  }

  /**
   * A warning when {@code rows} are in fewer partitions than the session has task slots: every
   * iteration runs one task per partition, so the other slots stay idle all run long (a single gzip
   * CSV file is one partition, say). The loop keeps the input's partitioning, which decides the
   * order of its sums, so the warning says how to use every core instead of repartitioning.
   */
  public Optional<String> idleSlots(Dataset<Row> rows) {
    int partitions = rows.rdd().getNumPartitions();
    int slots = spark.sparkContext().defaultParallelism();
    if (partitions >= slots) {
      return Optional.empty();
    }
    int idle = slots - partitions;
    return Optional.of(
        String.format(
            Locale.ROOT,
            "warning: the rows are in %d partition%s for %d task slots: %d slot%s idle in every"
                + " iteration; write the data as at least %d files (or repartition it) to use them"
                + " all",
            partitions,
            partitions == 1 ? "" : "s",
            slots,
            idle,
            idle == 1 ? " is" : "s are",
            slots));
  }

  /** Checks the label column of {@code raw} and flags the rows the forget selection chooses. */
  public SelectionResult select(Dataset<Row> raw) {
    checkLabel(raw.schema(), config.labelCol());
    return ForgetSelector.select(spark, raw, config.idCol(), config.forget());
  }

  /**
   * Unlearns the flagged rows of {@code selection} from {@code model} (not modified), reporting
   * every iteration to {@code listener}.
   *
   * @throws InvalidInputException if the data is empty, its features do not fit the model, or the
   *     selection leaves no forget or no retain rows
   */
  public DistributedResult run(
      ModelSource model, SelectionResult selection, IterationListener listener) {
    return run(model, selection, LoopState.start(model.weights()), listener, Optional.empty());
  }

  /**
   * As {@link #run(ModelSource, SelectionResult, IterationListener)}, continuing from the saved
   * {@code from}, with {@code heldOut} (raw rows with the training data's columns, never trained
   * on) as the forgetting target's held-out rows. What the selection cached is released when the
   * run ends.
   */
  public DistributedResult run(
      ModelSource model,
      SelectionResult selection,
      LoopState from,
      IterationListener listener,
      Optional<Dataset<Row>> heldOut) {
    try {
      Dataset<Row> prepared = prepare(model, selection.flagged());
      int expected = model.architecture().numFeatures();
      int dimension = featureDimension(prepared);
      if (dimension != expected) {
        throw config.featureColumns().isEmpty()
            ? new InvalidInputException(
                "column '" + RowBlockEncoder.sourceColumn(prepared.schema().apply(FEATURES)) + "'",
                "vectors of " + expected + " features (the model's input size)",
                dimension + " features")
            : new InvalidInputException(
                JobKey.DATA_FEATURE_COLUMNS.key(),
                expected + " columns (the model's input size)",
                dimension + " " + config.featureColumns());
      }
      UpdateRule rule = FrozenBlocksRule.wrap(config.rule(), model.frozenBlocks());
      TargetConfig target = config.target();
      Optional<Dataset<Row>> preparedHeldOut =
          heldOut.map(
              h -> {
                checkLabel(h.schema(), config.labelCol());
                return prepare(model, h.withColumn(selection.forgetColumn(), lit(false)));
              });
      return new DistributedUnlearner(
              new FeedForwardModel(model.architecture()),
              rule,
              config.loop(),
              config.sampling(),
              config.blockRows(),
              target.enabled() ? Optional.of(target.tolerances()) : Optional.empty(),
              target.sampleRows())
          .run(
              prepared,
              FEATURES,
              config.labelCol(),
              selection.forgetColumn(),
              model.weights(),
              from,
              listener,
              preparedHeldOut);
    } finally {
      selection.release();
    }
  }

  /**
   * Adds the engine's double label and vector features ({@link #FEATURES}) columns to {@code rows},
   * the way {@code model} reads its input: the assembled feature columns (NaN and null kept, so
   * that the row encoder refuses them naming their column), or a copy of the vector column the
   * model (after its pipeline stages) or the configuration names, marked with its name for error
   * messages ({@link RowBlockEncoder#sourceColumn}).
   */
  public Dataset<Row> prepare(ModelSource model, Dataset<Row> rows) {
    // cast in place, so errors about labels name the user's column
    Dataset<Row> data =
        rows.withColumn(config.labelCol(), col(config.labelCol()).cast(DataTypes.DoubleType));
    data = model.withFeatures(data);
    if (!config.featureColumns().isEmpty()) {
      for (String c : config.featureColumns()) {
        DataFrames.requireColumn(data, c, JobKey.DATA_FEATURE_COLUMNS.key());
        DataType type = data.schema().apply(c).dataType();
        if (!(type instanceof NumericType)) {
          throw new InvalidInputException(
              JobKey.DATA_FEATURE_COLUMNS.key() + ": column '" + c + "'",
              "a numeric type",
              type.simpleString());
        }
      }
      return new VectorAssembler()
          .setInputCols(config.featureColumns().toArray(new String[0]))
          .setOutputCol(FEATURES)
          .setHandleInvalid("keep")
          .transform(data);
    }
    String featuresCol = config.featuresCol();
    String key = JobKey.DATA_FEATURES_COL.key();
    if (!model.featuresCol().isEmpty()
        && (featuresCol.isEmpty() || model instanceof ModelSource.Mllib)) {
      featuresCol = model.featuresCol();
      key = JobKey.MODEL_PATH.key() + " (the model's features column)";
    }
    if (featuresCol.isEmpty()) {
      throw new InvalidInputException(
          JobKey.DATA_FEATURES_COL.key(),
          "a vector column or " + JobKey.DATA_FEATURE_COLUMNS.key() + " for a native model",
          "neither");
    }
    DataFrames.requireColumn(data, featuresCol, key);
    StructField field = data.schema().apply(featuresCol);
    if (!field.dataType().equals(SQLDataTypes.VectorType())) {
      throw new InvalidInputException(
          key + ": column '" + featuresCol + "'", "a vector", field.dataType().simpleString());
    }
    return data.withColumn(FEATURES, col(featuresCol))
        .withMetadata(
            FEATURES,
            new MetadataBuilder()
                .withMetadata(field.metadata())
                .putString(RowBlockEncoder.SOURCE_COLUMN, featuresCol)
                .build());
  }

  private static int featureDimension(Dataset<Row> prepared) {
    List<Row> first = prepared.select(FEATURES).takeAsList(1);
    if (first.isEmpty()) {
      throw new InvalidInputException(
          JobKey.DATA_PATH.key(), "training data with at least one row", "0 rows");
    }
    Vector v = first.get(0).getAs(0);
    if (v == null) {
      throw new InvalidInputException(
          "column '" + RowBlockEncoder.sourceColumn(prepared.schema().apply(FEATURES)) + "'",
          "a vector in every row",
          "null");
    }
    return v.size();
  }

  @Override
  public String toString() {
    return "DataFrameUnlearner[" + config.method().configName() + "]";
  }
}
