package ai.hamu.spark.eval;

import ai.hamu.spark.data.InvalidInputException;
import ai.hamu.spark.mllib.ImportedModel;
import ai.hamu.spark.mllib.MllibFamily;
import ai.hamu.spark.mllib.MllibModelCodec;
import java.util.Objects;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The retrain reference of an MLlib model: a fresh estimator of the model's class ({@code
 * LogisticRegression}, {@code LinearRegression} or {@code MultilayerPerceptronClassifier}) given
 * every param the model carries from its own fit (iterations, regularisation, tolerance, layers,
 * solver, seed...), fitted on the retain rows. A pipeline keeps its fitted earlier stages (the
 * unlearned model keeps them too, so the comparison is of the final model alone) and gets the
 * refitted model as its last stage.
 */
public final class MllibRetrainer {

  private MllibRetrainer() {}

  /**
   * Refits {@code imported}'s model on {@code retainRows} (raw rows, as the imported model or
   * pipeline takes them) with the label column {@code labelCol}, and imports the result.
   */
  public static ImportedModel retrain(
      ImportedModel imported, Dataset<Row> retainRows, String labelCol) {
    Objects.requireNonNull(imported, "imported");
    Predictor<?, ?, ?> estimator = estimatorFor(imported.model());
    imported.model().copyValues(estimator, ParamMap.empty()); // Scala-protected, public in bytecode
    estimator.setLabelCol(labelCol);
    PredictionModel<?, ?> fitted =
        (PredictionModel<?, ?>) estimator.fit(imported.toModelInput(retainRows));
    if (!imported.isPipeline()) {
      return MllibModelCodec.importModel(fitted);
    }
    Transformer[] stages =
        imported.prefixStages().toArray(new Transformer[imported.prefixStages().size() + 1]);
    stages[stages.length - 1] = fitted;
    return MllibModelCodec.importModel(new PipelineModel(imported.source().uid(), stages));
  }

  private static Predictor<?, ?, ?> estimatorFor(PredictionModel<?, ?> model) {
    return MllibFamily.of(model)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "retrain: unsupported MLlib model " + "class " + model.getClass().getName()))
        .newEstimator();
  }
}
