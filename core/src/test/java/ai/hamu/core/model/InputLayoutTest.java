package ai.hamu.core.model;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static ai.hamu.core.testing.NumericAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.hamu.core.model.ModelCases.Problem;
import ai.hamu.core.stats.BatchStatistics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Valid inputs in unusual layouts: column-major and strided views of features and labels, a label
 * column, float labels, and a block with no rows (an empty partition). Oracle: the same call on the
 * same values as a row-major double matrix and vector; for no rows, zero sums and counts.
 */
class InputLayoutTest {

  private static void assertSameStatistics(
      BatchStatistics actual, BatchStatistics expected, String what) {
    assertClose(actual.objectiveSum(), expected.objectiveSum(), 1e-12, 0, what + " objectiveSum");
    assertAllClose(
        actual.gradientSum(), expected.gradientSum(), 1e-12, 1e-14, what + " gradientSum");
    assertEquals(expected.exampleCount(), actual.exampleCount(), what + " exampleCount");
    assertEquals(expected.correctCount(), actual.correctCount(), what + " correctCount");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void columnMajorAndStridedInputsGiveTheSameStatistics(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 107);
    BatchStatistics expected = p.model().lossStatistics(p.params(), p.features(), p.labels());
    // labels in column 0 and features in the next columns of one matrix: both are strided views
    INDArray table = Nd4j.hstack(p.labels().reshape(ModelCases.ROWS, 1), p.features());
    INDArray labelView = table.getColumn(0);
    INDArray featureView =
        table.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + arch.numFeatures()));

    assertSameStatistics(
        p.model().lossStatistics(p.params(), p.features().dup('f'), p.labels()),
        expected,
        name + " column-major features");
    assertSameStatistics(
        p.model().lossStatistics(p.params(), featureView, labelView),
        expected,
        name + " strided views");
    assertSameStatistics(
        p.model().lossStatistics(p.params(), p.features(), p.labels().reshape(ModelCases.ROWS, 1)),
        expected,
        name + " labels as a column");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void floatLabelsGiveTheSameStatistics(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 109);
    // labels that a float holds exactly, so the double and float calls see the same values
    INDArray labels =
        arch.type() == ModelType.LINEAR_REGRESSION
            ? p.labels().castTo(DataType.FLOAT).castTo(DataType.DOUBLE)
            : p.labels();
    BatchStatistics expected = p.model().lossStatistics(p.params(), p.features(), labels);

    BatchStatistics actual =
        p.model().lossStatistics(p.params(), p.features(), labels.castTo(DataType.FLOAT));

    assertSameStatistics(actual, expected, name + " float labels");
    assertAllClose(
        p.model().perExampleLoss(p.params(), p.features(), labels.castTo(DataType.FLOAT)),
        p.model().perExampleLoss(p.params(), p.features(), labels),
        1e-12,
        0,
        name + " perExampleLoss");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void aBlockWithNoRowsGivesEmptyOutputsAndZeroStatistics(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 113);
    INDArray x = Nd4j.zeros(DataType.DOUBLE, 0, arch.numFeatures());
    INDArray y = Nd4j.zeros(DataType.DOUBLE, 0);
    int outputColumns =
        arch.type() == ModelType.BINARY_LOGISTIC_REGRESSION ? 2 : arch.outputWidth();
    ParameterBlocks zero = ParameterBlocks.zeros(p.model().blocks());

    assertArrayEquals(
        new long[] {0, outputColumns}, p.model().outputs(p.params(), x).shape(), name + " outputs");
    assertArrayEquals(new long[] {0}, p.model().predict(p.params(), x).shape(), name + " predict");
    assertArrayEquals(
        new long[] {0},
        p.model().perExampleLoss(p.params(), x, y).shape(),
        name + " perExampleLoss");
    BatchStatistics none = new BatchStatistics(0, zero, 0, 0);
    assertSameStatistics(
        p.model().lossStatistics(p.params(), x, y), none, name + " loss statistics");
    INDArray noOutputs = Nd4j.zeros(DataType.DOUBLE, 0, outputColumns);
    assertSameStatistics(
        p.model().klStatistics(p.params(), x, noOutputs), none, name + " KL statistics");

    BatchStatistics all = p.model().lossStatistics(p.params(), p.features(), p.labels());
    assertSameStatistics(
        all.merge(p.model().lossStatistics(p.params(), x, y)), all, name + " merged with no rows");
  }
}
