package ai.hamu.core.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.ModelCases.Problem;
import ai.hamu.core.testing.SeededData;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bad labels, features, parameters and original outputs are rejected with an {@link
 * IllegalArgumentException} that says what was wrong. Oracle: the model's contract (class indices
 * are integers in [0, k), features have the architecture's width, parameters have its layout).
 */
class InputValidationTest {

  private static void assertMessageContains(IllegalArgumentException e, String... parts) {
    for (String part : parts) {
      assertTrue(
          e.getMessage() != null && e.getMessage().contains(part),
          "message should contain '" + part + "': " + e.getMessage());
    }
  }

  private static IllegalArgumentException assertRejected(Executable call) {
    return assertThrows(IllegalArgumentException.class, call);
  }

  static Stream<Arguments> badLabels() {
    Architecture softmax = Architecture.softmaxRegression(4, 3);
    Architecture binary = Architecture.binaryLogisticRegression(4);
    Architecture mlp =
        Architecture.multilayerPerceptron(List.of(4, 5, 3), List.of(Activation.RELU));
    return Stream.of(
        Arguments.of(softmax, 2, 3.0),
        Arguments.of(softmax, 0, -1.0),
        Arguments.of(softmax, 4, 1.5),
        Arguments.of(softmax, 6, Double.NaN),
        Arguments.of(binary, 3, 2.0),
        Arguments.of(binary, 5, 0.5),
        Arguments.of(binary, 1, -1.0),
        Arguments.of(mlp, 5, 3.0),
        Arguments.of(mlp, 2, 0.25));
  }

  @ParameterizedTest(name = "{0} label {2} at row {1}")
  @MethodSource("badLabels")
  void badClassLabelIsRejectedNamingRowAndValue(Architecture arch, int row, double value) {
    Problem p = ModelCases.problem(arch, 71);
    INDArray labels = p.labels().dup();
    labels.putScalar(row, value);

    IllegalArgumentException fromStats =
        assertRejected(() -> p.model().lossStatistics(p.params(), p.features(), labels));
    IllegalArgumentException fromLoss =
        assertRejected(() -> p.model().perExampleLoss(p.params(), p.features(), labels));

    for (IllegalArgumentException e : List.of(fromStats, fromLoss)) {
      assertMessageContains(e, "row " + row, String.valueOf(value));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void featuresOfTheWrongWidthAreRejectedNamingExpectedAndActual(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 73);
    int wrongWidth = arch.numFeatures() + 1;
    INDArray x = SeededData.gaussian(new Random(1), ModelCases.ROWS, wrongWidth);
    INDArray original = p.model().outputs(p.params(), p.features());
    String expected = "[n x " + arch.numFeatures() + "]";
    String actual = "[" + ModelCases.ROWS + ", " + wrongWidth + "]";

    List<Executable> calls =
        List.of(
            () -> p.model().outputs(p.params(), x),
            () -> p.model().predict(p.params(), x),
            () -> p.model().perExampleLoss(p.params(), x, p.labels()),
            () -> p.model().lossStatistics(p.params(), x, p.labels()),
            () -> p.model().klStatistics(p.params(), x, original));
    for (Executable call : calls) {
      assertMessageContains(assertRejected(call), expected, actual);
    }
  }

  @Test
  void featuresThatAreNotAMatrixAreRejected() {
    FeedForwardModel model = new FeedForwardModel(Architecture.softmaxRegression(4, 3));
    INDArray x = Nd4j.create(new double[] {1, 2, 3, 4}, new long[] {4}, DataType.DOUBLE);

    assertRejected(() -> model.outputs(model.initialParameters(1), x));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void labelCountDifferentFromRowCountIsRejected(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 79);
    INDArray shortLabels =
        Nd4j.create(
            new double[ModelCases.ROWS - 1], new long[] {ModelCases.ROWS - 1}, DataType.DOUBLE);

    assertMessageContains(
        assertRejected(() -> p.model().lossStatistics(p.params(), p.features(), shortLabels)),
        String.valueOf(ModelCases.ROWS),
        String.valueOf(ModelCases.ROWS - 1));
    assertRejected(() -> p.model().perExampleLoss(p.params(), p.features(), shortLabels));
  }

  static Stream<Arguments> mismatchedArchitectures() {
    return Stream.of(
        Arguments.of(Architecture.softmaxRegression(4, 3), Architecture.softmaxRegression(4, 2)),
        Arguments.of(
            Architecture.softmaxRegression(4, 3), Architecture.binaryLogisticRegression(4)),
        Arguments.of(Architecture.linearRegression(4), Architecture.linearRegression(5)),
        Arguments.of(
            Architecture.multilayerPerceptron(List.of(4, 5, 3), List.of(Activation.TANH)),
            Architecture.multilayerPerceptron(List.of(4, 6, 3), List.of(Activation.TANH))),
        Arguments.of(
            Architecture.multilayerPerceptron(List.of(4, 5, 3), List.of(Activation.TANH)),
            Architecture.softmaxRegression(4, 3)),
        Arguments.of(
            Architecture.multilayerPerceptron(List.of(4, 5, 3), List.of(Activation.TANH)),
            Architecture.multilayerPerceptron(
                List.of(4, 5, 5, 3), List.of(Activation.TANH, Activation.TANH))));
  }

  @ParameterizedTest(name = "{0} given parameters of {1}")
  @MethodSource("mismatchedArchitectures")
  void parametersOfAnotherArchitectureAreRejected(Architecture arch, Architecture other) {
    Problem p = ModelCases.problem(arch, 83);
    ParameterBlocks foreign = new FeedForwardModel(other).initialParameters(2);
    INDArray original = p.model().outputs(p.params(), p.features());

    List<Executable> calls =
        List.of(
            () -> p.model().outputs(foreign, p.features()),
            () -> p.model().predict(foreign, p.features()),
            () -> p.model().perExampleLoss(foreign, p.features(), p.labels()),
            () -> p.model().lossStatistics(foreign, p.features(), p.labels()),
            () -> p.model().klStatistics(foreign, p.features(), original));
    for (Executable call : calls) {
      assertRejected(call);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void originalOutputsOfTheWrongShapeAreRejected(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 89);
    INDArray tooFewRows = p.model().outputs(p.params(), p.features().getRows(0, 1, 2));
    INDArray tooManyColumns = Nd4j.ones(DataType.DOUBLE, ModelCases.ROWS, arch.outputWidth() + 2);

    assertRejected(() -> p.model().klStatistics(p.params(), p.features(), tooFewRows));
    assertRejected(() -> p.model().klStatistics(p.params(), p.features(), tooManyColumns));
  }
}
