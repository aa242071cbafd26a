package ai.hamu.core.model;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static ai.hamu.core.testing.NumericAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.hamu.core.model.ModelCases.Problem;
import ai.hamu.core.stats.BatchStatistics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The scalar parts of {@link FeedForwardModel#lossStatistics} and the per-example loss. Oracles:
 * the sum of {@code perExampleLoss} and a count of {@code predict == label} recomputed in plain
 * Java, and losses from {@link PlainForward} (−log p(y), or ½(ŷ − y)²).
 */
class LossStatisticsTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void objectiveSumAndCountsAgreeWithPerExampleLossAndPredict(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 31);
    BatchStatistics stats = p.model().lossStatistics(p.params(), p.features(), p.labels());

    double[] losses =
        p.model().perExampleLoss(p.params(), p.features(), p.labels()).toDoubleVector();
    assertEquals(ModelCases.ROWS, losses.length, name + ": one loss per row");
    assertClose(
        stats.objectiveSum(), FiniteDifferences.sum(losses), 1e-12, 1e-12, name + " objectiveSum");
    assertEquals(ModelCases.ROWS, stats.exampleCount(), name + " exampleCount");

    double[] predicted = p.model().predict(p.params(), p.features()).toDoubleVector();
    double[] labels = p.labels().toDoubleVector();
    long correct = 0;
    for (int i = 0; i < labels.length; i++) {
      if (predicted[i] == labels[i]) {
        correct++;
      }
    }
    long expectedCorrect = arch.type() == ModelType.LINEAR_REGRESSION ? 0 : correct;
    assertEquals(expectedCorrect, stats.correctCount(), name + " correctCount");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void correctCountIsPositiveWhenLabelsArePredictions(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 37);
    INDArray predicted = p.model().predict(p.params(), p.features());

    BatchStatistics stats = p.model().lossStatistics(p.params(), p.features(), predicted);

    long expected = arch.type() == ModelType.LINEAR_REGRESSION ? 0 : ModelCases.ROWS;
    assertEquals(
        expected, stats.correctCount(), name + ": labels equal to the predictions are all correct");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void perExampleLossAndOutputsMatchPlainJavaForwardPass(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 41);
    PlainForward.Result plain =
        PlainForward.run(arch, p.params(), PlainForward.matrix(p.features()));

    INDArray outputs = p.model().outputs(p.params(), p.features());
    double[][] actualOutputs = PlainForward.matrix(outputs);
    for (int i = 0; i < ModelCases.ROWS; i++) {
      assertAllClose(
          actualOutputs[i], plain.outputs()[i], 1e-12, 1e-14, name + " outputs row " + i);
    }
    double[] expectedLoss = PlainForward.losses(arch, plain.outputs(), p.labels().toDoubleVector());
    assertAllClose(
        p.model().perExampleLoss(p.params(), p.features(), p.labels()).toDoubleVector(),
        expectedLoss,
        1e-12,
        1e-14,
        name + " perExampleLoss");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void statisticsLeaveTheirInputsUnchanged(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 43);
    double[] params = p.params().toFlatArray();
    INDArray features = p.features().dup();
    INDArray labels = p.labels().dup();
    INDArray original = p.model().outputs(p.model().initialParameters(3), p.features());
    INDArray originalCopy = original.dup();

    p.model().lossStatistics(p.params(), p.features(), p.labels());
    p.model().klStatistics(p.params(), p.features(), original);
    p.model().perExampleLoss(p.params(), p.features(), p.labels());
    p.model().predict(p.params(), p.features());

    assertAllClose(p.params().toFlatArray(), params, 0, 0, name + " params");
    assertAllClose(p.features(), features, 0, 0, name + " features");
    assertAllClose(p.labels(), labels, 0, 0, name + " labels");
    assertAllClose(original, originalCopy, 0, 0, name + " originalOutputs");
  }
}
