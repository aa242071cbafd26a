package ai.hamu.spark.mllib;

import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ModelType;
import ai.hamu.core.model.ParameterBlocks;
import java.util.List;
import java.util.Objects;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An MLlib model as the engine sees it: the architecture and weights, together with the MLlib
 * objects needed to hand new weights back ({@link MllibModelCodec#export}).
 *
 * @param architecture the engine's architecture of the model
 * @param weights the model's weights in the engine's block layout, as imported; a copy, so updating
 *     it in place leaves {@code model} unchanged
 * @param source what was imported: the model itself, or the {@code PipelineModel} ending in it
 * @param model the MLlib model holding the weights (the last stage of a pipeline)
 * @param prefixStages the pipeline stages before {@code model}, in order; empty unless {@code
 *     source} is a pipeline. They turn raw rows into the model's features column ({@link
 *     #toModelInput}).
 * @param featuresCol the model's features column
 * @param labelCol the model's label column
 * @param fitIntercept whether the model was fitted with an intercept; when false the intercept is 0
 *     and must stay 0 ({@link #frozenBlocks()})
 */
public record ImportedModel(
    Architecture architecture,
    ParameterBlocks weights,
    Transformer source,
    PredictionModel<?, ?> model,
    List<Transformer> prefixStages,
    String featuresCol,
    String labelCol,
    boolean fitIntercept) {

  public ImportedModel {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(model, "model");
    prefixStages = List.copyOf(Objects.requireNonNull(prefixStages, "prefixStages"));
    Objects.requireNonNull(featuresCol, "featuresCol");
    Objects.requireNonNull(labelCol, "labelCol");
    List<?> expected = new FeedForwardModel(architecture).blocks();
    if (!weights.specs().equals(expected)) {
      throw new IllegalArgumentException(
          "weights: expected blocks "
              + expected
              + " for "
              + architecture.type()
              + " "
              + architecture.layerSizes()
              + ", got "
              + weights.specs());
    }
    if (!prefixStages.isEmpty() && !(source instanceof PipelineModel)) {
      throw new IllegalArgumentException(
          "prefixStages: expected none for a source of class "
              + source.getClass().getName()
              + ", got "
              + prefixStages.size());
    }
    if (!fitIntercept && architecture.type() == ModelType.MULTILAYER_PERCEPTRON) {
      throw new IllegalArgumentException(
          "fitIntercept: a MULTILAYER_PERCEPTRON always has biases, got false");
    }
  }

  /**
   * Whether the imported object was a {@code PipelineModel} (whose last stage is {@link #model}).
   */
  public boolean isPipeline() {
    return source instanceof PipelineModel;
  }

  /**
   * Blocks the unlearning must leave unchanged: the intercept block of a model fitted without an
   * intercept, else none. {@link MllibModelCodec#export} refuses weights that change them. Only
   * linear models can be fitted without one (checked on construction), and their layout is
   * [coefficients, intercept], so the intercept is the layout's second block.
   */
  public List<String> frozenBlocks() {
    if (fitIntercept) {
      return List.of();
    }
    return List.of(new FeedForwardModel(architecture).blocks().get(1).name());
  }

  /**
   * Runs {@code raw} through the pipeline's earlier stages, giving the rows {@link #model} expects
   * (with the {@link #featuresCol} column); returns {@code raw} itself when there are none.
   */
  public Dataset<Row> toModelInput(Dataset<Row> raw) {
    Dataset<Row> rows = raw;
    for (Transformer stage : prefixStages) {
      rows = stage.transform(rows);
    }
    return rows;
  }
}
