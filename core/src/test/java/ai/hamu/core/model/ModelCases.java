package ai.hamu.core.model;

import ai.hamu.core.testing.SeededData;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The architectures every model test runs on, and seeded problems (weights, features, labels) for
 * them.
 */
final class ModelCases {

  /** Rows per test problem. */
  static final int ROWS = 7;

  /**
   * Smallest |pre-activation| allowed at a ReLU, so central differences never straddle the kink.
   */
  static final double RELU_MARGIN = 1e-4;

  private ModelCases() {}

  /**
   * One case per model type and hidden activation, plus deeper perceptrons with mixed activations.
   */
  static Stream<Arguments> architectures() {
    return Stream.of(
        Arguments.of("softmax", Architecture.softmaxRegression(4, 3)),
        Arguments.of("binary", Architecture.binaryLogisticRegression(4)),
        Arguments.of("linear", Architecture.linearRegression(4)),
        Arguments.of(
            "mlp-sigmoid",
            Architecture.multilayerPerceptron(List.of(4, 5, 3), List.of(Activation.SIGMOID))),
        Arguments.of(
            "mlp-tanh",
            Architecture.multilayerPerceptron(List.of(4, 5, 3), List.of(Activation.TANH))),
        Arguments.of(
            "mlp-relu",
            Architecture.multilayerPerceptron(List.of(4, 5, 3), List.of(Activation.RELU))),
        Arguments.of(
            "mlp-5-4-3-3",
            Architecture.multilayerPerceptron(
                List.of(5, 4, 3, 3), List.of(Activation.TANH, Activation.RELU))),
        Arguments.of(
            "mlp-3-4-4-3-2",
            Architecture.multilayerPerceptron(
                List.of(3, 4, 4, 3, 2),
                List.of(Activation.RELU, Activation.SIGMOID, Activation.TANH))));
  }

  /**
   * A model with weights, features and labels (class indices, or Gaussian targets for regression).
   */
  record Problem(
      FeedForwardModel model,
      ParameterBlocks params,
      INDArray features,
      INDArray labels,
      long seed) {}

  /**
   * A seeded problem. Starting at {@code seed}, seeds are tried in order until no ReLU
   * pre-activation lies within {@link #RELU_MARGIN} of 0, so the result is deterministic.
   */
  static Problem problem(Architecture arch, long seed) {
    FeedForwardModel model = new FeedForwardModel(arch);
    for (long s = seed; s < seed + 1000; s++) {
      Random random = new Random(s);
      ParameterBlocks params = SeededData.gaussianBlocks(random, model.blocks(), 0.7);
      INDArray x = SeededData.gaussian(random, ROWS, arch.numFeatures());
      INDArray y =
          arch.type() == ModelType.LINEAR_REGRESSION
              ? Nd4j.create(
                  SeededData.gaussianVector(random, ROWS), new long[] {ROWS}, DataType.DOUBLE)
              : SeededData.classLabels(random, ROWS, arch.numClasses());
      if (awayFromReluKinks(arch, params, x)) {
        return new Problem(model, params, x, y, s);
      }
    }
    throw new IllegalStateException(
        "no seed in [" + seed + ", " + (seed + 1000) + ") keeps ReLU inputs off 0");
  }

  /**
   * Whether every ReLU input, computed by {@link PlainForward}, is at least {@link #RELU_MARGIN}
   * from 0.
   */
  static boolean awayFromReluKinks(Architecture arch, ParameterBlocks params, INDArray x) {
    PlainForward.Result pass = PlainForward.run(arch, params, PlainForward.matrix(x));
    for (int l = 0; l < arch.hiddenActivations().size(); l++) {
      if (arch.hiddenActivations().get(l) != Activation.RELU) {
        continue;
      }
      for (double[] row : pass.preActivations().get(l)) {
        for (double z : row) {
          if (Math.abs(z) < RELU_MARGIN) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
