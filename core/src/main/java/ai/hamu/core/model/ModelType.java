package ai.hamu.core.model;

/** The model families the engine can unlearn; each maps to one Spark MLlib model class. */
public enum ModelType {
  /**
   * Multinomial logistic regression (softmax, cross-entropy); MLlib multinomial {@code
   * LogisticRegressionModel}.
   */
  SOFTMAX_REGRESSION(new SoftmaxCrossEntropyHead(), true),
  /**
   * Binary logistic regression (sigmoid, log loss); MLlib binomial {@code LogisticRegressionModel}.
   */
  BINARY_LOGISTIC_REGRESSION(new SigmoidLogLossHead(), true),
  /** Linear regression with per-example loss ½(ŷ − y)²; MLlib {@code LinearRegressionModel}. */
  LINEAR_REGRESSION(new IdentitySquaredErrorHead(), true),
  /**
   * Feed-forward network with softmax/cross-entropy output; with sigmoid hidden layers it is
   * MLlib's {@code MultilayerPerceptronClassificationModel}.
   */
  MULTILAYER_PERCEPTRON(new SoftmaxCrossEntropyHead(), false);

  private final OutputHead head;
  private final boolean linear;

  ModelType(OutputHead head, boolean linear) {
    this.head = head;
    this.linear = linear;
  }

  /** Whether the family is linear: its layer widths are exactly {@code [features, outputs]}. */
  public boolean linear() {
    return linear;
  }

  /** The output head of this family: its transfer, loss, prediction rule and divergence. */
  public OutputHead head() {
    return head;
  }
}
