package ai.hamu.core.model;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static ai.hamu.core.testing.NumericAssertions.assertClose;
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
 * column, and float labels. Oracle: the same call on the same values as a row-major double matrix
 * and vector.
 */
class InputLayoutTest {

  private static void assertSameStatistics(BatchStatistics actual, BatchStatistics expected, String what) {
    assertClose(actual.objectiveSum(), expected.objectiveSum(), 1e-12, 0, what + " objectiveSum");
    assertAllClose(actual.gradientSum(), expected.gradientSum(), 1e-12, 1e-14, what + " gradientSum");
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
    INDArray featureView = table.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + arch.numFeatures()));

    assertSameStatistics(p.model().lossStatistics(p.params(), p.features().dup('f'), p.labels()), expected,
        name + " column-major features");
    assertSameStatistics(p.model().lossStatistics(p.params(), featureView, labelView), expected,
        name + " strided views");
    assertSameStatistics(p.model().lossStatistics(p.params(), p.features(), p.labels().reshape(ModelCases.ROWS, 1)),
        expected, name + " labels as a column");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void floatLabelsGiveTheSameStatistics(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 109);
    // labels that a float holds exactly, so the double and float calls see the same values
    INDArray labels = arch.type() == ModelType.LINEAR_REGRESSION
        ? p.labels().castTo(DataType.FLOAT).castTo(DataType.DOUBLE) : p.labels();
    BatchStatistics expected = p.model().lossStatistics(p.params(), p.features(), labels);

    BatchStatistics actual = p.model().lossStatistics(p.params(), p.features(), labels.castTo(DataType.FLOAT));

    assertSameStatistics(actual, expected, name + " float labels");
    assertAllClose(p.model().perExampleLoss(p.params(), p.features(), labels.castTo(DataType.FLOAT)),
        p.model().perExampleLoss(p.params(), p.features(), labels), 1e-12, 0, name + " perExampleLoss");
  }
}
