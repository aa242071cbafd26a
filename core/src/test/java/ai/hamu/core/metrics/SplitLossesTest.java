package ai.hamu.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.data.LabeledData;
import ai.hamu.core.model.Activation;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.stats.BatchStatistics;
import ai.hamu.core.testing.SeededData;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Split losses against the model's own full-batch statistics (a separate code path summing the loss
 * and counting correct rows), and against a row-by-row count of correct predictions.
 */
class SplitLossesTest {

  private static final FeedForwardModel MODEL =
      new FeedForwardModel(
          Architecture.multilayerPerceptron(List.of(4, 6, 3), List.of(Activation.TANH)));

  @Test
  void meanLossAndAccuracyMatchTheBatchStatistics() {
    Random random = new Random(3);
    LabeledData rows =
        new LabeledData(SeededData.gaussian(random, 50, 4), SeededData.classLabels(random, 50, 3));
    ParameterBlocks w = SeededData.gaussianBlocks(random, MODEL.blocks(), 0.8);
    SplitLosses s = SplitLosses.of(MODEL, w, rows);
    BatchStatistics stats = MODEL.lossStatistics(w, rows.features(), rows.labels());
    assertEquals(50, s.rows());
    assertEquals(stats.meanObjective(), s.meanLoss(), 1e-12);
    assertEquals(stats.correctCount(), s.correctRows());
    double[] predicted = MODEL.predict(w, rows.features()).toDoubleVector();
    double[] labels = rows.labels().toDoubleVector();
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      correct += predicted[i] == labels[i] ? 1 : 0;
    }
    assertEquals(correct / 50.0, s.accuracy(), 0);
    assertTrue(
        s.correctRows() > 0 && s.correctRows() < 50,
        "a random model gets some rows right and some wrong");
  }

  @Test
  void regressionHasNoAccuracyAndEmptySplitsHaveNoMean() {
    SplitLosses regression = new SplitLosses(new double[] {1, 3}, 0, false);
    assertEquals(2.0, regression.meanLoss(), 0);
    assertTrue(Double.isNaN(regression.accuracy()));
    assertThrows(
        IllegalStateException.class, () -> new SplitLosses(new double[0], 0, true).meanLoss());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new SplitLosses(new double[] {1}, 2, true));
    assertTrue(
        e.getMessage().contains("correctRows") && e.getMessage().contains("got 2"), e.getMessage());
  }

  @Test
  void aSampleOfLossesLeavesMeanLossAndAccuracyToEveryRow() {
    // 10 rows with loss sum 7.5, 4 correct; the attack sample holds 3 of the losses
    SplitLosses sampled = new SplitLosses(10, 7.5, 4, true, new double[] {0.1, 2.0, 0.4});
    assertEquals(0.75, sampled.meanLoss(), 0);
    assertEquals(0.4, sampled.accuracy(), 0);
    assertEquals(3, sampled.losses().length);
    IllegalArgumentException more =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SplitLosses(2, 1.0, 0, true, new double[] {0.1, 0.2, 0.3}));
    assertTrue(
        more.getMessage().startsWith("losses:") && more.getMessage().contains("got 3"),
        more.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new SplitLosses(-1, 0, 0, false, new double[0]));
  }
}
