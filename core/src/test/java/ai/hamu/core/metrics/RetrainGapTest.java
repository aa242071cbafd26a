package ai.hamu.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.BlockSpec;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.testing.SeededData;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Gaps, attack AUCs and weight distance on hand-made losses and weights, with hand-computed
 * answers.
 */
class RetrainGapTest {

  // unlearned: forget {0.2, 0.4} (1 of 2 correct), retain {0.1, 0.1, 0.1, 0.5} (4 of 4), test {0.3,
  // 0.5} (1 of 2)
  private static final ModelEvaluation UNLEARNED =
      new ModelEvaluation(
          new SplitLosses(new double[] {0.2, 0.4}, 1, true),
          new SplitLosses(new double[] {0.1, 0.1, 0.1, 0.5}, 4, true),
          new SplitLosses(new double[] {0.3, 0.5}, 1, true));
  // retrained: forget {0.6, 0.8} (0 correct), retain {0.1, 0.2, 0.1, 0.2} (3 of 4), test {0.3, 0.5}
  // (2 of 2)
  private static final ModelEvaluation RETRAINED =
      new ModelEvaluation(
          new SplitLosses(new double[] {0.6, 0.8}, 0, true),
          new SplitLosses(new double[] {0.1, 0.2, 0.1, 0.2}, 3, true),
          new SplitLosses(new double[] {0.3, 0.5}, 2, true));

  @Test
  void gapsByHand() {
    RetrainGap gap = RetrainGap.between(UNLEARNED, RETRAINED);
    assertEquals(0.5 - 0.0, gap.forgetAccuracy(), 1e-15);
    assertEquals(1.0 - 0.75, gap.retainAccuracy(), 1e-15);
    assertEquals(0.5 - 1.0, gap.testAccuracy(), 1e-15);
    assertEquals(0.3 - 0.7, gap.forgetLoss(), 1e-15);
    assertEquals(0.2 - 0.15, gap.retainLoss(), 1e-15);
    assertEquals(0.0, gap.testLoss(), 1e-15);
    // unlearned forget {.2,.4} vs test {.3,.5}: .2<.3, .2<.5, .4<.5 → 3/4; retrained {.6,.8} vs
    // test: 0/4
    assertEquals(0.75, UNLEARNED.forgetVersusTestAuc(), 1e-15);
    assertEquals(0.75 - 0.0, gap.forgetTestAuc(), 1e-15);
    // forget losses {.2,.4} vs {.6,.8}: disjoint → KS = 1
    assertEquals(1.0, gap.forgetLossKs(), 0);
    // TPR at 0% FPR: threshold = smallest test loss 0.3 → forget losses below it: {0.2} → 1/2
    assertEquals(0.5, UNLEARNED.forgetTprAtTestFpr(0.0), 0);
    // forget {.2,.4} vs retain {.1,.1,.1,.5}: only pairs with .5 are "lower" → 2/8
    assertEquals(0.25, UNLEARNED.forgetVersusRetainAuc(), 1e-15);
    // retrained forget {.6,.8} vs retain {.1,.2,.1,.2}: never lower → 0
    assertEquals(0.25 - 0.0, gap.forgetRetainAuc(), 1e-15);
    // 2 test rows: at 1% and 0.1% FPR no test row may be flagged, threshold 0.3 as above: 1/2 vs
    // 0/2
    assertEquals(0.5 - 0.0, gap.forgetTprAt1PctFpr(), 0);
    assertEquals(0.5 - 0.0, gap.forgetTprAt01PctFpr(), 0);
  }

  @Test
  void aModelHasNoGapToItself() {
    RetrainGap gap = RetrainGap.between(RETRAINED, RETRAINED);
    for (double v :
        new double[] {
          gap.forgetAccuracy(),
          gap.retainAccuracy(),
          gap.testAccuracy(),
          gap.forgetLoss(),
          gap.retainLoss(),
          gap.testLoss(),
          gap.forgetTestAuc(),
          gap.forgetRetainAuc(),
          gap.forgetTprAt1PctFpr(),
          gap.forgetTprAt01PctFpr(),
          gap.forgetLossKs()
        }) {
      assertEquals(0.0, v, 0);
    }
  }

  @Test
  void splitsOfDifferentSizesAreRefused() {
    ModelEvaluation other =
        new ModelEvaluation(
            new SplitLosses(new double[] {0.6}, 0, true), RETRAINED.retain(), RETRAINED.test());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RetrainGap.between(UNLEARNED, other));
    assertTrue(
        e.getMessage().contains("forget") && e.getMessage().contains("2 and 1"), e.getMessage());
    // the same rows, but another number of sampled losses: the KS statistic would compare other
    // rows
    ModelEvaluation resampled =
        new ModelEvaluation(
            new SplitLosses(2, 1.4, 0, true, new double[] {0.6}),
            RETRAINED.retain(),
            RETRAINED.test());
    IllegalArgumentException sample =
        assertThrows(
            IllegalArgumentException.class, () -> RetrainGap.between(UNLEARNED, resampled));
    assertTrue(sample.getMessage().contains("2 and 1 per-example losses"), sample.getMessage());
  }

  @Test
  void weightDistanceIsTheEuclideanNormOfTheFlatDifference() {
    List<BlockSpec> specs =
        List.of(new BlockSpec("W", List.of(3, 2)), new BlockSpec("b", List.of(3)));
    Random random = new Random(5);
    ParameterBlocks a = SeededData.gaussianBlocks(random, specs, 1.0);
    ParameterBlocks b = SeededData.gaussianBlocks(random, specs, 1.0);
    double[] x = a.toFlatArray();
    double[] y = b.toFlatArray();
    double ss = 0;
    for (int i = 0; i < x.length; i++) {
      ss += (x[i] - y[i]) * (x[i] - y[i]);
    }
    assertEquals(Math.sqrt(ss), WeightDistance.l2(a, b), 1e-12);
    assertEquals(0.0, WeightDistance.l2(a, a), 0);
    assertEquals(x[0], a.toFlatArray()[0], 0, "inputs unchanged");
  }
}
