package ai.hamu.spark.mllib;

import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.MLReader;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weights of a {@code LogisticRegressionModel}: its {@code coefficientMatrix} ({@code [k x d]},
 * one row per coefficient set) and {@code interceptVector} ({@code [k]}). A binomial model has one
 * set (k = 1) and maps to binary logistic regression; a multinomial model has one set per class and
 * maps to softmax regression, also when it has only two classes (family "multinomial").
 */
final class LogisticRegressionLayout extends MllibFamily<LogisticRegressionModel> {

  LogisticRegressionLayout() {
    super(LogisticRegressionModel.class);
  }

  @Override
  public MLReader<LogisticRegressionModel> reader() {
    return LogisticRegressionModel.read();
  }

  @Override
  public LogisticRegression newEstimator() {
    return new LogisticRegression();
  }

  @Override
  boolean fitIntercept(LogisticRegressionModel model) {
    return model.getFitIntercept();
  }

  /**
   * Whether the model is multinomial. MLlib keeps this flag in a {@code private[ml]} field; Scala
   * compiles its accessor to a public method with a mangled name. The shape of the coefficient
   * matrix alone cannot tell a binomial model from a one-class multinomial one.
   */
  static boolean isMultinomial(LogisticRegressionModel model) {
    return model.org$apache$spark$ml$classification$LogisticRegressionModel$$isMultinomial();
  }

  @Override
  Architecture architecture(LogisticRegressionModel model) {
    Matrix coefficients = model.coefficientMatrix();
    int features = coefficients.numCols();
    if (!isMultinomial(model)) {
      requireRows(model, coefficients, 1);
      return Architecture.binaryLogisticRegression(features);
    }
    int classes = coefficients.numRows();
    if (classes < 2) {
      throw new IllegalArgumentException(
          "LogisticRegressionModel "
              + model.uid()
              + ": a multinomial model needs at least 2 classes to map to SOFTMAX_REGRESSION, got "
              + classes);
    }
    return Architecture.softmaxRegression(features, classes);
  }

  @Override
  ParameterBlocks weights(LogisticRegressionModel model, Architecture architecture) {
    Matrix coefficients = model.coefficientMatrix();
    int rows = coefficients.numRows();
    int cols = coefficients.numCols();
    double[] intercepts = model.interceptVector().toArray();
    if (intercepts.length != rows) {
      throw new IllegalArgumentException(
          "LogisticRegressionModel "
              + model.uid()
              + ": expected "
              + rows
              + " intercepts (one per coefficient row), got "
              + intercepts.length);
    }
    double[] flat = new double[rows * cols + rows];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        flat[r * cols + c] = coefficients.apply(r, c);
      }
    }
    System.arraycopy(intercepts, 0, flat, rows * cols, rows);
    return ParameterBlocks.fromFlat(new FeedForwardModel(architecture).blocks(), flat);
  }

  /**
   * A model of the same uid, class count and family holding {@code weights}; no params set yet. The
   * coefficient matrix is dense and row-major, as MLlib's trainer builds it (binomial models
   * require row-major coefficients at prediction time).
   */
  @Override
  LogisticRegressionModel withWeights(LogisticRegressionModel original, ParameterBlocks weights) {
    INDArray w = weights.get(0);
    double[] rowMajor = w.dup('c').data().asDouble();
    DenseMatrix coefficients = new DenseMatrix(w.rows(), w.columns(), rowMajor, true);
    return new LogisticRegressionModel(
        original.uid(),
        coefficients,
        Vectors.dense(weights.get(1).toDoubleVector()),
        original.numClasses(),
        isMultinomial(original));
  }

  private static void requireRows(
      LogisticRegressionModel model, Matrix coefficients, int expected) {
    if (coefficients.numRows() != expected) {
      throw new IllegalArgumentException(
          "LogisticRegressionModel "
              + model.uid()
              + ": expected a coefficient matrix of "
              + expected
              + " row(s), got "
              + coefficients.numRows()
              + " x "
              + coefficients.numCols());
    }
  }
}
