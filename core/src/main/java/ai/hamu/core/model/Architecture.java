package ai.hamu.core.model;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The shape of a model, without its weights: the family, the layer widths from the input features
 * to the output, and the activation of every hidden layer. Linear models have two layer widths
 * (features, outputs) and no hidden layers.
 *
 * @param type model family
 * @param layerSizes widths {@code [features, hidden..., outputs]}
 * @param hiddenActivations one activation per hidden layer ({@code layerSizes.size() - 2} entries)
 */
public record Architecture(
    ModelType type, List<Integer> layerSizes, List<Activation> hiddenActivations)
    implements Serializable {

  public Architecture {
    Objects.requireNonNull(type, "type");
    layerSizes = List.copyOf(Objects.requireNonNull(layerSizes, "layerSizes"));
    hiddenActivations = List.copyOf(Objects.requireNonNull(hiddenActivations, "hiddenActivations"));
    if (layerSizes.size() < 2) {
      throw new IllegalArgumentException(
          "layerSizes: expected at least [features, outputs], got " + layerSizes);
    }
    for (int size : layerSizes) {
      if (size <= 0) {
        throw new IllegalArgumentException(
            "layerSizes: every width must be > 0, got " + layerSizes);
      }
    }
    if (hiddenActivations.size() != layerSizes.size() - 2) {
      throw new IllegalArgumentException(
          "hiddenActivations: expected "
              + (layerSizes.size() - 2)
              + " (one per hidden layer of "
              + layerSizes
              + "), got "
              + hiddenActivations.size());
    }
    if (type.linear() && layerSizes.size() != 2) {
      throw new IllegalArgumentException(
          type + ": expected layerSizes [features, outputs], got " + layerSizes);
    }
    int outputs = layerSizes.get(layerSizes.size() - 1);
    if (!type.head().takesOutputWidth(outputs)) {
      throw new IllegalArgumentException(
          type + ": expected " + type.head().outputWidthRule() + ", got " + outputs);
    }
  }

  /**
   * Multinomial logistic regression over {@code numFeatures} features and {@code numClasses}
   * classes.
   */
  public static Architecture softmaxRegression(int numFeatures, int numClasses) {
    return new Architecture(
        ModelType.SOFTMAX_REGRESSION, List.of(numFeatures, numClasses), List.of());
  }

  /** Binary logistic regression: one margin, P(y = 1) = σ(margin). */
  public static Architecture binaryLogisticRegression(int numFeatures) {
    return new Architecture(
        ModelType.BINARY_LOGISTIC_REGRESSION, List.of(numFeatures, 1), List.of());
  }

  /** Linear regression with squared loss. */
  public static Architecture linearRegression(int numFeatures) {
    return new Architecture(ModelType.LINEAR_REGRESSION, List.of(numFeatures, 1), List.of());
  }

  /**
   * A multi-layer perceptron with softmax output; {@code layerSizes} = [features, hidden...,
   * classes].
   */
  public static Architecture multilayerPerceptron(
      List<Integer> layerSizes, List<Activation> hiddenActivations) {
    return new Architecture(ModelType.MULTILAYER_PERCEPTRON, layerSizes, hiddenActivations);
  }

  /** Number of input features. */
  public int numFeatures() {
    return layerSizes.get(0);
  }

  /**
   * Width of the last layer (classes for softmax models, 1 for binary logistic and linear
   * regression).
   */
  public int outputWidth() {
    return layerSizes.get(layerSizes.size() - 1);
  }

  /** Number of classes the model predicts (2 for binary logistic), or 0 for regression. */
  public int numClasses() {
    return type.head().numClasses(outputWidth());
  }

  /** Number of affine layers. */
  public int numLayers() {
    return layerSizes.size() - 1;
  }
}
