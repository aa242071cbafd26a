package ai.hamu.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shapes an architecture refuses: a linear family with hidden layers, and a last layer the
 * family's head cannot take. The expected messages are written out here, not built from the heads.
 */
class ArchitectureTest {

  private static String refusal(ModelType type, List<Integer> sizes) {
    List<Activation> hidden = sizes.size() > 2 ? List.of(Activation.RELU) : List.<Activation>of();
    return assertThrows(
            IllegalArgumentException.class,
            () -> new Architecture(type, sizes, hidden),
            type + " " + sizes)
        .getMessage();
  }

  @Test
  void eachFamilyTakesOnlyTheOutputWidthsOfItsHead() {
    assertEquals(
        "SOFTMAX_REGRESSION: expected outputs >= 2 classes, got 1",
        refusal(ModelType.SOFTMAX_REGRESSION, List.of(4, 1)));
    assertEquals(
        "MULTILAYER_PERCEPTRON: expected outputs >= 2 classes, got 1",
        refusal(ModelType.MULTILAYER_PERCEPTRON, List.of(4, 3, 1)));
    assertEquals(
        "BINARY_LOGISTIC_REGRESSION: expected exactly 1 output, got 2",
        refusal(ModelType.BINARY_LOGISTIC_REGRESSION, List.of(4, 2)));
    assertEquals(
        "LINEAR_REGRESSION: expected exactly 1 output, got 3",
        refusal(ModelType.LINEAR_REGRESSION, List.of(4, 3)));

    assertEquals(2, Architecture.softmaxRegression(4, 2).outputWidth());
    assertEquals(
        3,
        Architecture.multilayerPerceptron(List.of(4, 5, 3), List.of(Activation.TANH))
            .outputWidth());
    assertEquals(1, Architecture.binaryLogisticRegression(4).outputWidth());
    assertEquals(1, Architecture.linearRegression(4).outputWidth());
  }

  @Test
  void onlyThePerceptronHasHiddenLayers() {
    for (ModelType type :
        List.of(
            ModelType.SOFTMAX_REGRESSION,
            ModelType.BINARY_LOGISTIC_REGRESSION,
            ModelType.LINEAR_REGRESSION)) {
      assertEquals(
          type + ": expected layerSizes [features, outputs], got [4, 3, 1]",
          refusal(type, List.of(4, 3, 1)));
    }
    assertEquals(
        1,
        new Architecture(ModelType.MULTILAYER_PERCEPTRON, List.of(4, 2), List.of()).numLayers(),
        "a perceptron without hidden layers is allowed");
  }
}
