package ai.hamu.spark.job;

import static org.apache.spark.sql.functions.col;

import ai.hamu.core.io.BuildInfo;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.plan.FrozenBlocksRule;
import ai.hamu.core.plan.UpdateRule;
import ai.hamu.core.unlearn.IterationListener;
import ai.hamu.core.unlearn.IterationRecord;
import ai.hamu.core.unlearn.ProgressLine;
import ai.hamu.spark.data.DataFrames;
import ai.hamu.spark.data.ForgetSelection;
import ai.hamu.spark.data.ForgetSelector;
import ai.hamu.spark.data.SelectionResult;
import ai.hamu.spark.driver.DistributedResult;
import ai.hamu.spark.driver.DistributedUnlearner;
import ai.hamu.spark.io.HadoopFiles;
import ai.hamu.spark.report.RunReport;
import ai.hamu.spark.report.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

/**
 * One unlearning job on a Spark session: load the model, read the data, select the rows to forget,
 * run the distributed loop, and publish the unlearned model (same format as the input) and the
 * JSON run report. Outputs are checked before any work and written through temporary siblings,
 * so a failed job leaves nothing behind; the input model is never written.
 */
public final class UnlearningJob {

  private static final String FEATURES = "__hamu_features";

  private final SparkSession spark;
  private final PrintStream out;

  /** A job on {@code spark} printing progress to {@code out}. */
  public UnlearningJob(SparkSession spark, PrintStream out) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.out = Objects.requireNonNull(out, "out");
  }

  /** Runs the job described by {@code config}. */
  public JobOutcome run(JobConfig config) throws IOException {
    Instant started = Instant.now();
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    files.requireWritable(config.outputPath(), config.overwrite(), JobKey.OUTPUT_PATH.key());
    files.requireWritable(config.reportPath(), config.overwrite(), JobKey.REPORT_PATH.key());

    ModelSource model = ModelSource.load(spark, config.modelPath());
    FeedForwardModel engineModel = new FeedForwardModel(model.architecture());
    Dataset<Row> raw = DataFrames.read(spark, config.input().format(), config.input().location(),
        JobKey.DATA_PATH.key());
    DataFrames.requireColumn(raw, config.input().labelCol(), JobKey.DATA_LABEL_COL.key());
    SelectionResult selection = ForgetSelector.select(spark, raw, config.input().idCol(), config.forget());
    if (selection.unmatchedIds() > 0) {
      out.printf("warning: %d of %d requested ids match no row (reported in the run report)%n",
          selection.unmatchedIds(), selection.requestedIds());
    }
    Dataset<Row> prepared = prepare(config, model, selection);
    int dimension = featureDimension(prepared);
    if (dimension != model.architecture().numFeatures()) {
      throw new IllegalArgumentException("features: the model expects " + model.architecture().numFeatures()
          + " features, the data has " + dimension);
    }

    UpdateRule rule = FrozenBlocksRule.wrap(config.rule(), model.frozenBlocks());
    out.printf("hamu: %s on %s (%s %s), model %s%n", config.method().configName(), config.input().location(),
        model.architecture().type(), model.architecture().layerSizes(), config.modelPath());
    DistributedResult result = new DistributedUnlearner(engineModel, rule, config.loop(), config.sampling(),
        config.blockRows()).run(prepared, FEATURES, config.input().labelCol(), selection.forgetColumn(), model.weights(), printer());

    Map<String, String> provenance = provenance(config);
    String tmpModel = files.temporarySibling(config.outputPath());
    try {
      model.write(spark, result.result().weights(), tmpModel, provenance);
      files.publish(tmpModel, config.outputPath(), config.overwrite());
    } catch (IOException | RuntimeException e) {
      files.deleteQuietly(tmpModel);
      throw e;
    }
    Verdict verdict = Verdict.of(result.result(), config.method().isHamu());
    RunReport report = new RunReport(started, Instant.now(), config.resolved(), provenance, model.architecture(),
        model.formatName(), selection.requestedIds(), selection.unmatchedIds(), result, verdict);
    files.writeText(config.reportPath(), report.toJson(), config.overwrite());
    return new JobOutcome(result, verdict, config.outputPath(), config.reportPath());
  }

  /** Casts the label to double and adds the engine's vector features column to the flagged rows. */
  private Dataset<Row> prepare(JobConfig config, ModelSource model, SelectionResult selection) {
    Dataset<Row> data = selection.flagged();
    var labelType = data.schema().apply(config.input().labelCol()).dataType();
    if (!(labelType instanceof NumericType)) {
      throw new IllegalArgumentException(JobKey.DATA_LABEL_COL.key() + ": column '" + config.input().labelCol()
          + "' must be numeric, got " + labelType.simpleString());
    }
    // cast in place, so errors about labels name the user's column
    data = data.withColumn(config.input().labelCol(), col(config.input().labelCol()).cast(DataTypes.DoubleType));
    data = model.withFeatures(data);
    String featuresCol = config.input().featuresCol();
    if (!config.input().featureColumns().isEmpty()) {
      for (String c : config.input().featureColumns()) {
        DataFrames.requireColumn(data, c, JobKey.DATA_FEATURE_COLUMNS.key());
        var type = data.schema().apply(c).dataType();
        if (!(type instanceof NumericType)) {
          throw new IllegalArgumentException(JobKey.DATA_FEATURE_COLUMNS.key() + ": column '" + c
              + "' must be numeric, got " + type.simpleString());
        }
      }
      data = new VectorAssembler().setInputCols(config.input().featureColumns().toArray(new String[0]))
          .setOutputCol(FEATURES).setHandleInvalid("error").transform(data);
      return data;
    }
    if (featuresCol.isEmpty() || model instanceof ModelSource.Mllib) {
      featuresCol = model.featuresCol().isEmpty() ? featuresCol : model.featuresCol();
    }
    if (featuresCol.isEmpty()) {
      throw new IllegalArgumentException(JobKey.DATA_FEATURES_COL.key() + ": expected a vector column or "
          + JobKey.DATA_FEATURE_COLUMNS.key() + " for a native model, got neither");
    }
    DataFrames.requireColumn(data, featuresCol, JobKey.DATA_FEATURES_COL.key());
    return data.withColumn(FEATURES, col(featuresCol));
  }

  private static int featureDimension(Dataset<Row> prepared) {
    Row first = prepared.select(FEATURES).head();
    Vector v = first.getAs(0);
    return v.size();
  }

  private IterationListener printer() {
    return new IterationListener() {
      @Override
      public void afterIteration(IterationRecord record) {
        out.println(ProgressLine.format(record));
      }
    };
  }

  private Map<String, String> provenance(JobConfig config) {
    BuildInfo build = BuildInfo.current();
    Map<String, String> p = new LinkedHashMap<>();
    p.put("hamuVersion", build.version());
    p.put("gitCommit", build.gitCommit());
    p.put("nd4jVersion", build.nd4jVersion());
    p.put("sparkVersion", spark.version());
    p.put("scalaVersion", scala.util.Properties.versionNumberString());
    p.put("javaVersion", System.getProperty("java.version"));
    p.put("sparkMaster", spark.sparkContext().master());
    p.put("sparkApplicationId", spark.sparkContext().applicationId());
    p.put("dataPath", config.input().location());
    p.put("modelPath", config.modelPath());
    p.put("outputPath", config.outputPath());
    p.put("forgetSelection", describe(config.forget()));
    p.put("method", config.method().configName());
    return p;
  }

  private static String describe(ForgetSelection f) {
    if (f instanceof ForgetSelection.IdList l) {
      return "ids " + l.format().name().toLowerCase() + " " + l.location() + " column " + l.column();
    } else if (f instanceof ForgetSelection.Predicate p) {
      return "predicate " + p.sql();
    }
    return "flag column " + ((ForgetSelection.FlagColumn) f).column();
  }

  @Override
  public String toString() {
    return "UnlearningJob" + Arrays.toString(new Object[] {spark.sparkContext().appName()});
  }
}
