package ai.hamu.spark.schedule;

import static org.apache.spark.sql.functions.col;

import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.spark.job.JobConfig;
import ai.hamu.spark.job.ModelSource;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks a written model before it is published: it loads, has the architecture and exactly the
 * weights the run produced, and predicts a sample of training rows as the engine does (an MLlib
 * model's own predictions equal the engine's on the same features; a native model's predictions are
 * finite). Any mismatch is an {@link IllegalStateException} naming the path.
 */
final class ModelVerifier {

  private ModelVerifier() {}

  /** Returns the number of rows predicted. */
  static int verify(
      SparkSession spark,
      String path,
      ParameterBlocks expected,
      Dataset<Row> sample,
      JobConfig config)
      throws IOException {
    ModelSource loaded = ModelSource.load(spark, path);
    if (!Arrays.equals(loaded.weights().toFlatArray(), expected.toFlatArray())) {
      throw new IllegalStateException(
          "model " + path + ": written weights differ from the run's weights");
    }
    FeedForwardModel engine = new FeedForwardModel(loaded.architecture());
    if (loaded instanceof ModelSource.Mllib m) {
      String featuresCol = m.imported().featuresCol();
      String predictionCol = m.imported().model().getPredictionCol();
      Dataset<Row> scored = m.imported().model().transform(loaded.withFeatures(sample));
      List<Row> rows = scored.select(col(featuresCol), col(predictionCol)).collectAsList();
      INDArray predicted =
          engine.predict(expected, features(rows, loaded.architecture().numFeatures()));
      for (int i = 0; i < rows.size(); i++) {
        double mllib = rows.get(i).getDouble(1);
        double own = predicted.getDouble(i);
        if (Math.abs(mllib - own) > 1e-9 * Math.max(1, Math.abs(own))) {
          throw new IllegalStateException(
              "model "
                  + path
                  + ": row "
                  + i
                  + " of the verification sample is predicted "
                  + mllib
                  + " by MLlib and "
                  + own
                  + " by the engine");
        }
      }
      return rows.size();
    }
    Dataset<Row> withFeatures = sample;
    String featuresCol = config.input().featuresCol();
    if (featuresCol.isEmpty()) {
      featuresCol = "__hamu_verify_features";
      withFeatures =
          new VectorAssembler()
              .setInputCols(config.input().featureColumns().toArray(new String[0]))
              .setOutputCol(featuresCol)
              .transform(sample);
    }
    List<Row> rows = withFeatures.select(featuresCol).collectAsList();
    INDArray outputs =
        engine.outputs(expected, features(rows, loaded.architecture().numFeatures()));
    for (double v : outputs.data().asDouble()) {
      if (!Double.isFinite(v)) {
        throw new IllegalStateException(
            "model " + path + ": non-finite output on the verification sample");
      }
    }
    return rows.size();
  }

  private static INDArray features(List<Row> rows, int width) {
    double[][] x = new double[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      Vector v = rows.get(i).getAs(0);
      if (v.size() != width) {
        throw new IllegalStateException(
            "verification sample: expected " + width + " features, got " + v.size());
      }
      x[i] = v.toArray();
    }
    return rows.isEmpty() ? Nd4j.zeros(DataType.DOUBLE, 0, width) : Nd4j.create(x);
  }
}
