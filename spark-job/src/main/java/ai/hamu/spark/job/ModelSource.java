package ai.hamu.spark.job;

import ai.hamu.core.io.NativeModel;
import ai.hamu.core.io.NativeModelCodec;
import ai.hamu.core.io.Provenance;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.spark.data.DataFrames;
import ai.hamu.spark.data.InvalidInputException;
import ai.hamu.spark.io.HadoopFiles;
import ai.hamu.spark.mllib.ImportedModel;
import ai.hamu.spark.mllib.MllibModelCodec;
import ai.hamu.spark.mllib.MllibModelStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The model a job unlearns, whatever its format: an MLlib model or pipeline, or a native {@code
 * .hamu} file. It gives the engine's architecture and weights, turns raw rows into the model's
 * feature column, and writes new weights back in the format it came in.
 */
public sealed interface ModelSource {

  /** The engine's architecture. */
  Architecture architecture();

  /** The original weights. */
  ParameterBlocks weights();

  /** Blocks that must not change (an intercept the model was fitted without). */
  List<String> frozenBlocks();

  /** e.g. {@code mllib:<class>} or {@code native}. */
  String formatName();

  /** The rows with the model's features column added (applying pipeline stages if any). */
  Dataset<Row> withFeatures(Dataset<Row> raw);

  /**
   * The features column the engine reads after {@link #withFeatures}, or empty to use the job's
   * setting.
   */
  String featuresCol();

  /** Writes the model with {@code newWeights} to {@code path} (a fresh path). */
  void write(
      SparkSession spark, ParameterBlocks newWeights, String path, Map<String, String> details)
      throws IOException;

  /**
   * Loads {@code path}: a native model when it ends in {@code .hamu}, else an MLlib model
   * directory.
   *
   * @throws InvalidInputException if the path does not exist, or what it holds cannot be read as a
   *     model of a supported class (corrupt, truncated, unreadable, unsupported); the message names
   *     the key and the path
   */
  static ModelSource load(SparkSession spark, String path) throws IOException {
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    if (!files.exists(path)) {
      throw new InvalidInputException(
          JobKey.MODEL_PATH.key(), "an existing model", "'" + path + "' (the path does not exist)");
    }
    try {
      if (path.endsWith(".hamu")) {
        try (InputStream in = files.open(path)) {
          return new Native(NativeModelCodec.read(in));
        }
      }
      return new Mllib(MllibModelCodec.importModel(MllibModelStore.load(spark, path)));
    } catch (Exception e) { // MLlib's readers throw Scala's undeclared checked exceptions too
      throw new InvalidInputException(
          JobKey.MODEL_PATH.key()
              + ": cannot load '"
              + path
              + "': "
              + DataFrames.firstLine(e.getMessage()),
          e);
    }
  }

  /** An MLlib model or pipeline. */
  record Mllib(ImportedModel imported) implements ModelSource {
    @Override
    public Architecture architecture() {
      return imported.architecture();
    }

    @Override
    public ParameterBlocks weights() {
      return imported.weights();
    }

    @Override
    public List<String> frozenBlocks() {
      return imported.frozenBlocks();
    }

    @Override
    public String formatName() {
      return "mllib:" + imported.source().getClass().getName();
    }

    /**
     * Applies the pipeline's earlier stages. A {@code VectorAssembler} of scalar columns that fails
     * on NaN or null (its default) runs as a copy that keeps them instead, so that the row encoder
     * refuses such a row naming the input column (the assembler's own error names none). A stage
     * that cannot read the data (a missing or wrongly typed column) is invalid input naming the
     * stage.
     */
    @Override
    public Dataset<Row> withFeatures(Dataset<Row> raw) {
      Dataset<Row> rows = raw;
      for (Transformer stage : imported.prefixStages()) {
        if (stage instanceof VectorAssembler assembler
            && assembler.getHandleInvalid().equals("error")
            && scalarColumns(rows, assembler.getInputCols())) {
          stage = assembler.copy(ParamMap.empty()).setHandleInvalid("keep");
        }
        try {
          rows = stage.transform(rows);
        } catch (Exception e) { // Scala's AnalysisException is checked in Java but undeclared
          throw new InvalidInputException(
              JobKey.DATA_PATH.key()
                  + ": the model's pipeline stage "
                  + stage.uid()
                  + " cannot read the data: "
                  + DataFrames.firstLine(e.getMessage()),
              e);
        }
      }
      return rows;
    }

    private static boolean scalarColumns(Dataset<Row> rows, String[] columns) {
      for (String c : columns) {
        if (!Arrays.asList(rows.columns()).contains(c)
            || rows.schema().apply(c).dataType().equals(SQLDataTypes.VectorType())) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String featuresCol() {
      return imported.featuresCol();
    }

    @Override
    public void write(
        SparkSession spark, ParameterBlocks newWeights, String path, Map<String, String> details)
        throws IOException {
      MllibModelStore.save(MllibModelCodec.export(imported, newWeights), path, false);
    }
  }

  /** A native model file. */
  record Native(NativeModel model) implements ModelSource {
    @Override
    public Architecture architecture() {
      return model.architecture();
    }

    @Override
    public ParameterBlocks weights() {
      return model.weights();
    }

    @Override
    public List<String> frozenBlocks() {
      return List.of();
    }

    @Override
    public String formatName() {
      return "native";
    }

    @Override
    public Dataset<Row> withFeatures(Dataset<Row> raw) {
      return raw;
    }

    @Override
    public String featuresCol() {
      return "";
    }

    @Override
    public void write(
        SparkSession spark, ParameterBlocks newWeights, String path, Map<String, String> details)
        throws IOException {
      HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
      NativeModel out =
          new NativeModel(
              model.architecture(),
              newWeights,
              new Provenance(
                  "hamu-spark-job " + ai.hamu.core.io.BuildInfo.current().version(),
                  Instant.now(),
                  details));
      try (OutputStream stream = files.create(path)) {
        NativeModelCodec.write(out, stream);
      }
    }
  }
}
