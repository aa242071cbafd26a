package ai.hamu.core.forgetting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.data.LabeledData;
import ai.hamu.core.metrics.MembershipInference;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.LossCap;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.testing.SeededData;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forgetting target measured by {@link ForgettingMonitor}: its weighted AUC against the
 * unweighted rank AUC of {@link MembershipInference} (a second implementation) and a hand-counted
 * case, the class reweighting of the held-out rows, the absent-class rule, and the refusal to call
 * anything met without held-out rows.
 */
class ForgettingMonitorTest {

  private final FeedForwardModel model = new FeedForwardModel(Architecture.softmaxRegression(3, 3));
  private final Random random = new Random(11);
  private final ParameterBlocks weights = SeededData.gaussianBlocks(random, model.blocks(), 1.0);

  @Test
  void weightedAucWithEqualWeightsEqualsTheRankAuc() {
    double[] forget = SeededData.gaussianVector(random, 57);
    double[] heldOut = SeededData.gaussianVector(random, 91);
    heldOut[3] = forget[5]; // a tie, which counts one half in both
    double[] ones = new double[heldOut.length];
    Arrays.fill(ones, 1.0);
    assertEquals(
        MembershipInference.auc(forget, heldOut),
        ForgettingMonitor.weightedAuc(forget, heldOut, ones, heldOut.length),
        1e-12);
  }

  @Test
  void weightedAucCountsEachHeldOutRowWithItsWeight() {
    // forget losses 1 and 3; held-out 2 (weight 3) and 4 (weight 1): P(forget < held-out), by hand:
    // loss 1 is below both (4/4), loss 3 only below 4 (1/4): mean 5/8
    double auc =
        ForgettingMonitor.weightedAuc(
            new double[] {1, 3}, new double[] {2, 4}, new double[] {3, 1}, 4);
    assertEquals(5.0 / 8, auc, 1e-15);
  }

  @Test
  void aWholeClassIsForgottenWhenItIsNoLongerRecognised() {
    LabeledData forget = rows(40, 2);
    boolean[] retained = {true, true, false};
    ForgettingMonitor monitor =
        new ForgettingMonitor(
            model, weights, forget, Optional.empty(), retained, ForgettingTarget.DEFAULT);
    assertFalse(monitor.hasSharedRows(), "every forgotten row is of a class nothing retained has");
    // a class whose output bias is pushed far down is never predicted
    ParameterBlocks unrecognised = weights.copy();
    String bias = model.blocks().get(1).name();
    unrecognised.get(bias).putScalar(2, -1e3);
    ForgettingCheck check = monitor.check(unrecognised);
    assertEquals(40, check.absentClassRows());
    assertEquals(0.0, check.absentClassAccuracy());
    assertTrue(check.met() && check.measurable());
    ParameterBlocks favoured = weights.copy();
    favoured.get(bias).putScalar(2, 1e3);
    ForgettingCheck recognised = monitor.check(favoured);
    assertEquals(1.0, recognised.absentClassAccuracy());
    assertFalse(recognised.met());
  }

  @Test
  void sharedRowsNeedHeldOutRowsAndAreComparedWithTheirOwnClassMix() {
    boolean[] retained = {true, true, true};
    LabeledData forget = rows(30, 0);
    ForgettingMonitor blind =
        new ForgettingMonitor(
            model, weights, forget, Optional.empty(), retained, ForgettingTarget.DEFAULT);
    ForgettingCheck unmeasured = blind.check(weights);
    assertFalse(unmeasured.measurable());
    assertFalse(unmeasured.met(), "never met without a reference");

    // held-out rows: 10 of class 0 and 90 of class 1; the forgotten rows are all class 0, so only
    // the class-0 held-out rows count, and the reference accuracy is theirs
    LabeledData heldOut = concat(rows(10, 0), rows(90, 1));
    ForgettingMonitor monitor =
        new ForgettingMonitor(
            model, weights, forget, Optional.of(heldOut), retained, ForgettingTarget.DEFAULT);
    ParameterBlocks alwaysZero = weights.copy();
    alwaysZero.get(model.blocks().get(1).name()).putScalar(0, 1e3);
    ForgettingCheck check = monitor.check(alwaysZero);
    assertEquals(
        1.0,
        check.referenceAccuracy(),
        1e-12,
        "class-0 held-out rows are all right; class 1 left out");
    assertEquals(1.0, check.forgetAccuracy());
    assertEquals(0.1, check.heldOutAccuracy(), 1e-12, "10 of the 100 held-out rows are right");
    // against the original weights: a row flips when its rightness differs from the all-zero
    // predictor's (right exactly for class 0), counted here from the original's own predictions
    double[] before = model.predict(weights, heldOut.features()).toDoubleVector();
    int flipped = 0;
    for (int j = 0; j < before.length; j++) {
      double label = heldOut.labels().getDouble(j);
      flipped += (before[j] == label) != (label == 0) ? 1 : 0;
    }
    assertTrue(flipped > 0, "the random original is not the all-zero predictor");
    assertEquals(Math.sqrt(flipped) / 100, check.heldOutChangeError(), 1e-15, "paired error");
    assertTrue(check.met(), "forgotten rows exactly like held-out rows of their class");
  }

  @Test
  void theLossCapIsAQuantileOfTheHeldOutLossesOfTheForgottenRowsClasses() {
    boolean[] retained = {true, true, true};
    LabeledData forget = rows(30, 0);
    LabeledData classZero = rows(10, 0);
    LabeledData heldOut = concat(classZero, rows(90, 1));
    ForgettingMonitor monitor =
        new ForgettingMonitor(
            model, weights, forget, Optional.of(heldOut), retained, ForgettingTarget.DEFAULT);
    // only class 0 is forgotten, so only the ten class-0 held-out rows count: the q-quantile is
    // their ⌈10q⌉-th smallest loss, sorted here in plain Java
    double[] losses =
        model.perExampleLoss(weights, classZero.features(), classZero.labels()).toDoubleVector();
    Arrays.sort(losses);
    assertEquals(losses[8], monitor.sharedLossCap(weights, 0.9), 0.0);
    assertEquals(losses[9], monitor.sharedLossCap(weights, 1.0), 0.0);
    assertEquals(losses[4], monitor.sharedLossCap(weights, 0.45), 0.0);
    assertThrows(IllegalArgumentException.class, () -> monitor.sharedLossCap(weights, 0.0));

    ForgettingMonitor blind =
        new ForgettingMonitor(
            model, weights, forget, Optional.empty(), retained, ForgettingTarget.DEFAULT);
    assertEquals(Double.POSITIVE_INFINITY, blind.sharedLossCap(weights, 0.9), "no held-out rows");
    ForgettingMonitor wholeClass =
        new ForgettingMonitor(
            model,
            weights,
            forget,
            Optional.of(heldOut),
            new boolean[] {false, true, true},
            ForgettingTarget.DEFAULT);
    assertEquals(
        Double.POSITIVE_INFINITY, wholeClass.sharedLossCap(weights, 0.9), "no shared rows");
    // per class: the shared quantile (the target's 0.95) of the loss for every retained class
    assertEquals(LossCap.byClass(losses[9], losses[9], losses[9]), monitor.lossCap(weights));
    // a class no retained row has is raised on its log-odds until its probability is 1/3, where
    // another class is predicted: log((1 − ⅓)/⅓) = ln 2
    LossCap absent = wholeClass.lossCap(weights);
    assertTrue(absent.onLogOdds(0), absent.toString());
    assertEquals(Math.log(2), absent.of(0), 1e-15);
    for (int c = 1; c < 3; c++) {
      assertFalse(absent.onLogOdds(c), absent.toString());
      assertEquals(Double.POSITIVE_INFINITY, absent.of(c), "no shared rows: no loss cap");
    }
  }

  @Test
  void refusesLabelsOutsideTheClasses() {
    LabeledData bad =
        new LabeledData(SeededData.gaussian(random, 2, 3), Nd4j.createFromArray(0.0, 3.0));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ForgettingMonitor(
                model,
                weights,
                bad,
                Optional.empty(),
                new boolean[] {true, true, true},
                ForgettingTarget.DEFAULT));
  }

  private LabeledData rows(int n, int label) {
    double[] y = new double[n];
    Arrays.fill(y, label);
    return new LabeledData(SeededData.gaussian(random, n, 3), Nd4j.createFromArray(y));
  }

  private static LabeledData concat(LabeledData a, LabeledData b) {
    return new LabeledData(
        Nd4j.vstack(a.features(), b.features()), Nd4j.concat(0, a.labels(), b.labels()));
  }
}
