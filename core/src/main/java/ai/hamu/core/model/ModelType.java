package ai.hamu.core.model;

/** The model families the engine can unlearn; each maps to one Spark MLlib model class. */
public enum ModelType {
  /** Multinomial logistic regression (softmax, cross-entropy); MLlib multinomial {@code LogisticRegressionModel}. */
  SOFTMAX_REGRESSION(new SoftmaxCrossEntropyHead()),
  /** Binary logistic regression (sigmoid, log loss); MLlib binomial {@code LogisticRegressionModel}. */
  BINARY_LOGISTIC_REGRESSION(new SigmoidLogLossHead()),
  /** Linear regression with per-example loss ½(ŷ − y)²; MLlib {@code LinearRegressionModel}. */
  LINEAR_REGRESSION(new IdentitySquaredErrorHead()),
  /** Feed-forward network with softmax/cross-entropy output; with sigmoid hidden layers it is MLlib's
   * {@code MultilayerPerceptronClassificationModel}. */
  MULTILAYER_PERCEPTRON(new SoftmaxCrossEntropyHead());

  private final OutputHead head;

  ModelType(OutputHead head) {
    this.head = head;
  }

  /** The output head of this family: its transfer, loss, prediction rule and divergence. */
  public OutputHead head() {
    return head;
  }
}
