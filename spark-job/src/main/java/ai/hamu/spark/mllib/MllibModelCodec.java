package ai.hamu.spark.mllib;

import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.ParameterBlocks;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;

/**
 * Converts fitted MLlib models to the engine's architecture and weights and back.
 *
 * <p>{@link #importModel} accepts a model of one of the {@link MllibFamily#ALL supported families}
 * ({@code LogisticRegressionModel}, {@code LinearRegressionModel}, {@code
 * MultilayerPerceptronClassificationModel}) or a {@code PipelineModel} whose last stage is one of
 * them; anything else is refused with an {@link IllegalArgumentException} naming its class.
 *
 * <p>{@link #export} builds a new model of the same class and uid holding the new weights, with
 * every param of the imported model carried over exactly (explicitly set params stay set, defaults
 * stay defaults) and the same parent estimator. A training summary is not carried over: it
 * describes the old weights. For a pipeline the result is a {@code PipelineModel} with the same uid
 * whose earlier stages are the very same objects as before and whose last stage is the new model.
 */
public final class MllibModelCodec {

  private static final String SUPPORTED =
      MllibFamily.supportedNames() + ", or a PipelineModel whose last stage is one of them";

  private MllibModelCodec() {}

  /**
   * Reads the architecture and weights of {@code model} (a supported MLlib model or a pipeline
   * ending in one); the returned weights are a copy.
   *
   * @throws IllegalArgumentException if the class, or the pipeline's last stage, is not supported
   */
  public static ImportedModel importModel(Transformer model) {
    Objects.requireNonNull(model, "model");
    if (model instanceof PipelineModel pipeline) {
      Transformer[] stages = pipeline.stages();
      if (stages.length == 0) {
        throw new IllegalArgumentException(
            "PipelineModel "
                + pipeline.uid()
                + ": expected at least one stage (the last one a supported model), got none");
      }
      Transformer last = stages[stages.length - 1];
      PredictionModel<?, ?> predictor =
          supported(last, "last stage of PipelineModel " + pipeline.uid());
      List<Transformer> prefix = Arrays.asList(stages).subList(0, stages.length - 1);
      return importPredictor(pipeline, predictor, prefix);
    }
    return importPredictor(model, supported(model, "model"), List.of());
  }

  /**
   * A model like {@code source}'s (or a pipeline like it) holding {@code newWeights}.
   *
   * @throws IllegalArgumentException if {@code newWeights} do not have the imported block layout,
   *     hold a non-finite value, or change a frozen block
   */
  public static Model<?> export(ImportedModel source, ParameterBlocks newWeights) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(newWeights, "newWeights");
    checkWeights(source, newWeights);
    PredictionModel<?, ?> rebuilt = family(source.model()).rebuild(source.model(), newWeights);
    if (!source.isPipeline()) {
      return rebuilt;
    }
    PipelineModel pipeline = (PipelineModel) source.source();
    Transformer[] stages =
        source.prefixStages().toArray(new Transformer[source.prefixStages().size() + 1]);
    stages[stages.length - 1] = rebuilt;
    return keepParams(pipeline, new PipelineModel(pipeline.uid(), stages));
  }

  private static PredictionModel<?, ?> supported(Transformer candidate, String role) {
    if (candidate != null && MllibFamily.of(candidate).isPresent()) {
      return (PredictionModel<?, ?>) candidate;
    }
    String className = candidate == null ? "null" : candidate.getClass().getName();
    throw new IllegalArgumentException(
        "unsupported MLlib model class " + className + " (" + role + "): expected " + SUPPORTED);
  }

  private static ImportedModel importPredictor(
      Transformer source, PredictionModel<?, ?> model, List<Transformer> prefix) {
    MllibFamily<?> family = family(model);
    Architecture architecture = family.architectureOf(model);
    return new ImportedModel(
        architecture,
        family.weightsOf(model, architecture),
        source,
        model,
        prefix,
        model.getFeaturesCol(),
        model.getLabelCol(),
        family.fitsIntercept(model));
  }

  /** The family of a model {@link #supported} accepted. */
  private static MllibFamily<?> family(PredictionModel<?, ?> model) {
    return MllibFamily.of(model)
        .orElseThrow(() -> new IllegalStateException("no family for " + model.getClass()));
  }

  /**
   * Copies every param of the pipeline {@code original} onto {@code rebuilt} (same uid, so the
   * params match by name and parent), keeping which are set explicitly and which are defaults, and
   * its parent. {@code copyValues} is Scala-protected, which compiles to a public method.
   */
  private static <M extends Model<M>> M keepParams(M original, M rebuilt) {
    original.copyValues(rebuilt, ParamMap.empty());
    return rebuilt.setParent(original.parent());
  }

  private static void checkWeights(ImportedModel source, ParameterBlocks weights) {
    String owner = source.model().getClass().getSimpleName() + " " + source.model().uid();
    if (!weights.specs().equals(source.weights().specs())) {
      throw new IllegalArgumentException(
          "newWeights for "
              + owner
              + ": expected blocks "
              + source.weights().specs()
              + ", got "
              + weights.specs());
    }
    for (String name : weights.names()) {
      double[] values = weights.get(name).dup('c').data().asDouble();
      for (int i = 0; i < values.length; i++) {
        if (!Double.isFinite(values[i])) {
          throw new IllegalArgumentException(
              "newWeights for "
                  + owner
                  + ": block '"
                  + name
                  + "' element "
                  + i
                  + " expected a finite value, got "
                  + values[i]);
        }
      }
    }
    // Compared with the MLlib model itself, not source.weights(), which the caller may have updated
    // in place.
    ParameterBlocks original =
        source.frozenBlocks().isEmpty()
            ? null
            : family(source.model()).weightsOf(source.model(), source.architecture());
    for (String name : source.frozenBlocks()) {
      double[] before = original.get(name).dup('c').data().asDouble();
      double[] after = weights.get(name).dup('c').data().asDouble();
      if (!sameValues(before, after)) {
        throw new IllegalArgumentException(
            "newWeights for "
                + owner
                + ": block '"
                + name
                + "' is frozen because the model was fitted with fitIntercept=false; expected "
                + Arrays.toString(before)
                + ", got "
                + Arrays.toString(after));
      }
    }
  }

  /** Equal by value (so 0.0 and -0.0 are the same intercept). */
  private static boolean sameValues(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }
}
