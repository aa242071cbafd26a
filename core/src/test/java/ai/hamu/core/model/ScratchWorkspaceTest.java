package ai.hamu.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.ModelCases.Problem;
import ai.hamu.core.stats.BatchStatistics;
import ai.hamu.core.stats.ScratchWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Statistics computed inside {@link ScratchWorkspace} scopes, and rows prepared once by {@link
 * Model#prepare}. Oracle: the same computation with every array allocated outside any workspace, so
 * the results must agree bit for bit, also after later scopes reused the memory.
 */
@SuppressWarnings("try") // the workspaces are scopes: their variables are never read
class ScratchWorkspaceTest {

  private static INDArray rows(INDArray a, int from, int to) {
    return a.rank() == 1
        ? a.get(NDArrayIndex.interval(from, to)).dup()
        : a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void sumsAddedInsideScopesEqualSumsComputedWithoutWorkspace(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 211);
    Model m = p.model();
    int[] cuts = {0, 3, 5, ModelCases.ROWS};
    ParameterBlocks expected = ParameterBlocks.zeros(m.blocks());
    ParameterBlocks actual = ParameterBlocks.zeros(m.blocks());
    double expectedLoss = 0;
    double actualLoss = 0;
    for (int b = 0; b + 1 < cuts.length; b++) {
      LabeledRows block =
          m.prepare(
              rows(p.features(), cuts[b], cuts[b + 1]), rows(p.labels(), cuts[b], cuts[b + 1]));
      BatchStatistics plain = m.lossStatistics(p.params(), block);
      expected.addInPlace(plain.gradientSum());
      expectedLoss += plain.objectiveSum();
      try (MemoryWorkspace scratch = ScratchWorkspace.open()) {
        BatchStatistics scoped = m.lossStatistics(p.params(), block);
        actual.addInPlace(scoped.gradientSum());
        actualLoss += scoped.objectiveSum();
      }
    }
    assertEquals(expectedLoss, actualLoss, 0.0, name + " loss sum");
    assertArrayEquals(expected.toFlatArray(), actual.toFlatArray(), 0.0, name + " gradient sums");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void detachedStatisticsSurviveLaterScopes(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 223);
    Problem other = ModelCases.problem(arch, 227);
    Model m = p.model();
    double[] reference =
        m.lossStatistics(p.params(), p.features(), p.labels()).gradientSum().toFlatArray();

    BatchStatistics kept;
    try (MemoryWorkspace scratch = ScratchWorkspace.open()) {
      kept = ScratchWorkspace.detached(m.lossStatistics(p.params(), p.features(), p.labels()));
    }
    for (int i = 0; i < 3; i++) { // the same shapes again, other values: reuses the scratch memory
      try (MemoryWorkspace scratch = ScratchWorkspace.open()) {
        m.lossStatistics(other.params(), other.features(), other.labels());
      }
    }
    assertArrayEquals(
        reference, kept.gradientSum().toFlatArray(), 0.0, name + " detached gradient");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ai.hamu.core.model.ModelCases#architectures")
  void rowsTakenFromPreparedRowsEqualThoseRowsPrepared(String name, Architecture arch) {
    Problem p = ModelCases.problem(arch, 229);
    Model m = p.model();
    int[] picked = {5, 0, 3};
    INDArray x =
        Nd4j.vstack(
            p.features().getRow(5, true),
            p.features().getRow(0, true),
            p.features().getRow(3, true));
    INDArray y =
        Nd4j.createFromArray(
            p.labels().getDouble(5), p.labels().getDouble(0), p.labels().getDouble(3));
    BatchStatistics expected = m.lossStatistics(p.params(), m.prepare(x, y));
    try (MemoryWorkspace scratch = ScratchWorkspace.open()) {
      BatchStatistics actual =
          m.lossStatistics(p.params(), m.prepare(p.features(), p.labels()).rowsAt(picked));
      assertEquals(expected.objectiveSum(), actual.objectiveSum(), 0.0, name + " loss sum");
      assertEquals(expected.correctCount(), actual.correctCount(), name + " correct");
      assertArrayEquals(
          expected.gradientSum().toFlatArray(), actual.gradientSum().toFlatArray(), 0.0, name);
    }
  }

  @Test
  void rowsPreparedForAnotherArchitectureAreRefused() {
    Model softmax = new FeedForwardModel(Architecture.softmaxRegression(3, 4));
    Model wider = new FeedForwardModel(Architecture.softmaxRegression(3, 5));
    LabeledRows rows =
        wider.prepare(Nd4j.ones(DataType.DOUBLE, 2, 3), Nd4j.createFromArray(0.0, 4.0));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> softmax.lossStatistics(softmax.initialParameters(1), rows));
    assertTrue(
        e.getMessage().contains("[3, 5]") && e.getMessage().contains("[3, 4]"), e.getMessage());
  }

  @Test
  void prepareChecksEveryLabelOnce() {
    Model softmax = new FeedForwardModel(Architecture.softmaxRegression(3, 4));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                softmax.prepare(
                    Nd4j.ones(DataType.DOUBLE, 3, 3), Nd4j.createFromArray(0.0, 3.0, 4.0)));
    assertEquals("label at row 2: expected a class index in [0, 3], got 4.0", e.getMessage());
  }
}
