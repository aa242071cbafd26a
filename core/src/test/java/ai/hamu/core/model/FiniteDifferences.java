package ai.hamu.core.model;

import java.util.function.ToDoubleFunction;

/**
 * Central finite differences of a scalar function of the parameters, one flat coordinate at a time.
 */
final class FiniteDifferences {

  /** Step for central differences in double precision (truncation ~h², rounding ~ε/h). */
  static final double STEP = 1e-6;

  private FiniteDifferences() {}

  /** (f(θ + h·eᵢ) − f(θ − h·eᵢ)) / 2h for every coordinate i, in the layout of {@code at}. */
  static ParameterBlocks gradient(ToDoubleFunction<ParameterBlocks> f, ParameterBlocks at) {
    double[] theta = at.toFlatArray();
    double[] grad = new double[theta.length];
    for (int i = 0; i < theta.length; i++) {
      double[] plus = theta.clone();
      double[] minus = theta.clone();
      plus[i] += STEP;
      minus[i] -= STEP;
      double fPlus = f.applyAsDouble(ParameterBlocks.fromFlat(at.specs(), plus));
      double fMinus = f.applyAsDouble(ParameterBlocks.fromFlat(at.specs(), minus));
      grad[i] = (fPlus - fMinus) / (plus[i] - minus[i]);
    }
    return ParameterBlocks.fromFlat(at.specs(), grad);
  }

  /** Sum of an array's entries, accumulated in plain Java. */
  static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }
}
