package ai.hamu.spark.mllib;

import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.ml.util.MLReader;

/**
 * The weights of a {@code LinearRegressionModel}: {@code coefficients} ({@code d}) and {@code
 * intercept}. Its {@code scale} (the Huber loss's estimated σ, 1 for squared error) does not enter
 * predictions and is carried over unchanged.
 */
final class LinearRegressionLayout extends MllibFamily<LinearRegressionModel> {

  LinearRegressionLayout() {
    super(LinearRegressionModel.class);
  }

  @Override
  public MLReader<LinearRegressionModel> reader() {
    return LinearRegressionModel.read();
  }

  @Override
  public LinearRegression newEstimator() {
    return new LinearRegression();
  }

  @Override
  boolean fitIntercept(LinearRegressionModel model) {
    return model.getFitIntercept();
  }

  @Override
  Architecture architecture(LinearRegressionModel model) {
    return Architecture.linearRegression(model.coefficients().size());
  }

  @Override
  ParameterBlocks weights(LinearRegressionModel model, Architecture architecture) {
    double[] coefficients = model.coefficients().toArray();
    double[] flat = new double[coefficients.length + 1];
    System.arraycopy(coefficients, 0, flat, 0, coefficients.length);
    flat[coefficients.length] = model.intercept();
    return ParameterBlocks.fromFlat(new FeedForwardModel(architecture).blocks(), flat);
  }

  /** A model of the same uid and scale holding {@code weights}; no params set yet. */
  @Override
  LinearRegressionModel withWeights(LinearRegressionModel original, ParameterBlocks weights) {
    double[] coefficients = weights.get(0).dup('c').data().asDouble();
    double intercept = weights.get(1).getDouble(0);
    return new LinearRegressionModel(
        original.uid(), Vectors.dense(coefficients), intercept, original.scale());
  }
}
