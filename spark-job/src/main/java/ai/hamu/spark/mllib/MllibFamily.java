package ai.hamu.spark.mllib;

import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.ParameterBlocks;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;

/**
 * One MLlib model class the engine unlearns: how its architecture and weights are read, how a model
 * of the same class holding new weights is built, and which estimator retrains it. {@link #ALL} is
 * the one list of supported classes; the codec and the retrainer look a model up there, so a new
 * family is one subclass plus one entry.
 *
 * @param <M> the MLlib model class
 */
public abstract class MllibFamily<M extends PredictionModel<?, M>> {

  /** Every supported family, in the order error messages list them. */
  public static final List<MllibFamily<?>> ALL =
      List.of(new LogisticRegressionLayout(), new LinearRegressionLayout(), new PerceptronLayout());

  private final Class<M> modelClass;

  MllibFamily(Class<M> modelClass) {
    this.modelClass = modelClass;
  }

  /** The family of {@code model}'s class, if it is supported. */
  public static Optional<MllibFamily<?>> of(Transformer model) {
    return ALL.stream().filter(f -> f.modelClass.isInstance(model)).findFirst();
  }

  /** The supported class names, for error messages. */
  static String supportedNames() {
    return String.join(", ", ALL.stream().map(f -> f.modelClass.getSimpleName()).toList());
  }

  /** The MLlib model class of this family. */
  public Class<M> modelClass() {
    return modelClass;
  }

  /** MLlib's reader of saved models of this family. */
  public abstract MLReader<M> reader();

  /**
   * A new, unfitted estimator of this family (its params are copied from the model before fitting).
   */
  public abstract Predictor<?, ?, M> newEstimator();

  abstract Architecture architecture(M model);

  /** A fresh copy of the weights held by {@code model}. */
  abstract ParameterBlocks weights(M model, Architecture architecture);

  /**
   * A model of the same uid (and class count, family, scale...) holding {@code weights}; no params
   * set.
   */
  abstract M withWeights(M original, ParameterBlocks weights);

  /**
   * Whether the model was fitted with intercepts (a model without them has its intercepts frozen).
   */
  abstract boolean fitIntercept(M model);

  final Architecture architectureOf(PredictionModel<?, ?> model) {
    return architecture(modelClass.cast(model));
  }

  final ParameterBlocks weightsOf(PredictionModel<?, ?> model, Architecture architecture) {
    return weights(modelClass.cast(model), architecture);
  }

  final boolean fitsIntercept(PredictionModel<?, ?> model) {
    return fitIntercept(modelClass.cast(model));
  }

  /**
   * A model like {@code original} holding {@code weights}, with every param of the original carried
   * over exactly (set params stay set, defaults stay defaults) and the same parent estimator.
   * {@code copyValues} is Scala-protected, which compiles to a public method.
   */
  final M rebuild(PredictionModel<?, ?> original, ParameterBlocks weights) {
    M model = modelClass.cast(original);
    M rebuilt = withWeights(model, weights);
    model.copyValues(rebuilt, ParamMap.empty());
    return rebuilt.setParent(model.parent());
  }
}
