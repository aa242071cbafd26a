package ai.hamu.core.unlearn;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.baseline.Baseline;
import ai.hamu.core.baseline.BaselineConfig;
import ai.hamu.core.baseline.BaselineRule;
import ai.hamu.core.data.LabeledData;
import ai.hamu.core.forgetting.ForgettingMonitor;
import ai.hamu.core.forgetting.ForgettingTarget;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.LossCap;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.PlannerConfig;
import ai.hamu.core.plan.StepPlanner;
import ai.hamu.core.testing.SeededData;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The unlearning loop on a tiny softmax model: the applied steps are exactly the plans' δ (checked
 * by replaying them), each stop condition ends the run with its reason, and the listener sees every
 * iteration.
 */
class UnlearningLoopTest {

  private final FeedForwardModel model = new FeedForwardModel(Architecture.softmaxRegression(4, 3));
  private final Random random = new Random(5);
  private final LabeledData retain =
      new LabeledData(SeededData.gaussian(random, 60, 4), SeededData.classLabels(random, 60, 3));
  private final LabeledData forget =
      new LabeledData(SeededData.gaussian(random, 12, 4), SeededData.classLabels(random, 12, 3));
  private final ParameterBlocks original = SeededData.gaussianBlocks(random, model.blocks(), 0.5);

  private UnlearningResult run(
      ai.hamu.core.plan.UpdateRule rule, LoopConfig loop, IterationListener listener) {
    return new UnlearningLoop(model, rule, loop, listener)
        .run(original, new InMemoryStatistics(model, original, retain, forget));
  }

  @Test
  void appliesEveryPlannedDeltaAndRecordsTheLossesBeforeEachStep() {
    List<Integer> seen = new ArrayList<>();
    List<ParameterBlocks> steps = new ArrayList<>();
    IterationListener listener =
        new IterationListener() {
          @Override
          public void beforeIteration(int iteration, int max) {
            seen.add(iteration);
          }

          @Override
          public void afterIteration(IterationRecord record) {
            steps.add(record.plan().delta().orElseThrow());
          }
        };
    double[] before = original.toFlatArray();
    UnlearningResult result =
        run(
            new BaselineRule(BaselineConfig.defaults(Baseline.GDIFF, 0.1)),
            LoopConfig.iterations(5),
            listener);
    assertEquals(RunStopReason.ITERATION_LIMIT, result.stopReason());
    assertEquals(List.of(0, 1, 2, 3, 4), seen);
    ParameterBlocks replay = original.copy();
    for (IterationRecord r : result.history()) {
      double loss =
          model.lossStatistics(replay, retain.features(), retain.labels()).meanObjective();
      assertEquals(
          loss, r.retainLoss(), 1e-12, "retain loss recorded before step " + r.iteration());
      replay.addInPlace(steps.get(r.iteration()));
      assertTrue(
          r.plan().apply() && r.plan().delta().isEmpty(),
          "the history keeps the diagnostics, not δ");
    }
    assertAllClose(result.weights(), replay, 1e-12, 0, "final weights = original + Σ δ");
    assertTrue(
        result.history().get(4).forgetLoss() > result.history().get(0).forgetLoss(),
        "gdiff raises forget loss");
    assertAllClose(original.toFlatArray(), before, 0, 0, "the input weights are not modified");
  }

  @Test
  void stopsWhenTheForgetLossTargetIsReached() {
    UnlearningResult result =
        run(
            new BaselineRule(BaselineConfig.defaults(Baseline.GA, 0.5)),
            new LoopConfig(200, 0.05, StepControl.AS_PLANNED),
            IterationListener.NONE);
    assertEquals(RunStopReason.TARGET_REACHED, result.stopReason());
    IterationRecord last = result.history().get(result.history().size() - 1);
    assertTrue(
        last.forgetLoss() - result.history().get(0).forgetLoss() < 0.05,
        "the last recorded step was below");
    double finalForget =
        model.lossStatistics(result.weights(), forget.features(), forget.labels()).meanObjective();
    assertTrue(
        finalForget - result.history().get(0).forgetLoss() >= 0.05,
        "the final weights reach the target");
  }

  @Test
  void stopsOnInfeasibilityWithoutApplyingTheStep() {
    // a ratio of 1 with full-batch gradients far below norm 1 is infeasible at once
    StepPlanner planner = new StepPlanner(PlannerConfig.builder(0.1).constraint(0.1).build());
    UnlearningResult result = run(planner, LoopConfig.iterations(10), IterationListener.NONE);
    assertEquals(RunStopReason.INFEASIBLE, result.stopReason());
    assertEquals(1, result.history().size());
    assertAllClose(result.weights(), original, 0, 0, "nothing applied");
  }

  @Test
  void stopsOnTheStoppingCriterionWhenEnabled() {
    StepPlanner planner =
        new StepPlanner(
            PlannerConfig.builder(0.1).constraint(0.1 * 0.02).stopOnCriterion(true).build());
    UnlearningResult result = run(planner, LoopConfig.iterations(400), IterationListener.NONE);
    assertEquals(
        RunStopReason.STOPPING_CRITERION,
        result.stopReason(),
        "the criterion fires before 400 iterations");
    assertEquals(result.history().size() - 1, result.firstCollateralIteration().getAsInt());
  }

  @Test
  void zeroIterationsReturnTheOriginalWeights() {
    UnlearningResult result =
        run(
            new BaselineRule(BaselineConfig.defaults(Baseline.FT, 0.1)),
            LoopConfig.iterations(0),
            IterationListener.NONE);
    assertAllClose(result.weights(), original, 0, 0, "unchanged");
    assertEquals(0, result.history().size());
    assertThrows(IllegalArgumentException.class, () -> LoopConfig.iterations(-1));
  }

  @Test
  void resumingFromAnyBoundaryEndsWithTheSameWeightsBitForBit() {
    PlannerConfig config = PlannerConfig.builder(0.5).feasibilityTarget(0.5).build();
    List<LoopState> states = new ArrayList<>();
    IterationListener saver =
        new IterationListener() {
          @Override
          public void atBoundary(LoopState state) {
            states.add(state.copy());
          }
        };
    UnlearningResult whole = run(new StepPlanner(config), LoopConfig.iterations(6), saver);
    assertEquals(6, whole.history().size());
    assertEquals(List.of(1, 2, 3, 4, 5, 6), states.stream().map(LoopState::nextIteration).toList());
    for (LoopState state : states) {
      UnlearningResult resumed =
          new UnlearningLoop(
                  model, new StepPlanner(config), LoopConfig.iterations(6), IterationListener.NONE)
              .resume(state, new InMemoryStatistics(model, original, retain, forget));
      // assertArrayEquals without a tolerance compares the bits of every double
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          whole.weights().toFlatArray(),
          resumed.weights().toFlatArray(),
          "resumed at " + state.nextIteration());
      assertEquals(whole.history().size(), resumed.history().size());
      assertEquals(whole.stopReason(), resumed.stopReason());
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> new LoopState(2, original, 1.0, List.of(), Optional.empty(), Double.NaN),
        "a state must carry one record per iteration run");
  }

  @Test
  void aStepOfLengthZeroEndsTheRunNotForgottenWithoutCountingAsAMove() {
    // linear regression whose retained targets are its own predictions: every retained residual,
    // hence the retain gradient, is exactly 0, so HAMU's lr radius lr·‖g_r‖ is 0 (closed form)
    FeedForwardModel linear = new FeedForwardModel(Architecture.linearRegression(3));
    Random r = new Random(9);
    ParameterBlocks theta = SeededData.gaussianBlocks(r, linear.blocks(), 1.0);
    INDArray x = SeededData.gaussian(r, 40, 3);
    LabeledData fitted = new LabeledData(x, linear.predict(theta, x));
    LabeledData off =
        new LabeledData(
            SeededData.gaussian(r, 8, 3), Nd4j.createFromArray(SeededData.gaussianVector(r, 8)));
    UnlearningResult result =
        new UnlearningLoop(
                linear,
                new StepPlanner(UnlearningDefaults.planner()),
                UnlearningDefaults.loop(),
                IterationListener.NONE)
            .run(theta, new InMemoryStatistics(linear, theta, fitted, off));
    assertEquals(RunStopReason.NO_STEP, result.stopReason());
    assertEquals(ForgettingOutcome.NOT_FORGOTTEN, result.outcome());
    assertEquals(0, UnlearningResult.keptSteps(result.history()), "nothing moved");
    assertEquals(1, result.history().size(), "no pass is spent on the same nothing again");
    assertAllClose(result.weights(), theta, 0, 0, "the weights are the original's");
    assertTrue(result.explanation().contains("length zero"), result.explanation());
  }

  @Test
  void aForgetLossThatStopsRisingEndsTheRunNotForgottenBeforeTheBudget() {
    // binary logistic regression, margin = x (w = 1, b = 0), forgotten class 1 raised on its plain
    // loss capped at ln 2 (as a shared class's rows are raised up to a held-out quantile): 20 rows
    // at x = -10, misclassified with loss ≈ 10, above the cap, so they add the cap to the mean
    // forget loss and nothing to its gradient; 2 rows at x = 40, recognised with loss e^-40 ≈
    // 4e-18 and a gradient of about 40·e^-40. Short steps change their loss by less than half an
    // ulp of the mean forget loss (≈ 0.63, ulp 1.1e-16): every step realises 0 of a positive
    // first-order prediction, and the trust radius halves each iteration; after ten halvings
    // (2^-10 < 1e-3) the run must end
    FeedForwardModel binary = new FeedForwardModel(Architecture.binaryLogisticRegression(1));
    ParameterBlocks theta = fittedClassAtForty(binary);
    int budget = 60;
    UnlearningResult result =
        forgetClassOne(
            binary,
            theta,
            retainedAtNegativeX(),
            forgetRowsAtMinusTenAndForty(),
            budget,
            LossCap.byClass(Double.POSITIVE_INFINITY, Math.log(2)));
    List<IterationRecord> h = result.history();
    assertEquals(RunStopReason.STEP_COLLAPSED, result.stopReason(), result.explanation());
    assertEquals(ForgettingOutcome.NOT_FORGOTTEN, result.outcome());
    assertTrue(result.explanation().contains("stopped rising"), result.explanation());
    assertTrue(
        h.size() >= 11 && h.size() < budget, h.size() + " iterations: ten halvings, then the end");
    for (IterationRecord r : h) {
      assertEquals(h.get(0).forgetLoss(), r.forgetLoss(), 0.0, "the forget loss never moved");
      assertTrue(!r.undone(), "nothing was damaged: no step was undone");
    }
  }

  @Test
  void theSameClassRaisedOnItsLogOddsIsForgotten() {
    // the rows of the test above with the defaults: a class no retained row has is raised on its
    // log-odds, -x for these rows, whose gradient is the row's features whatever its margin. The
    // two rows at x = 40 must end misclassified (w·40 + b < 0) with every retained row (x in
    // [-5, -1]) still right (w·x + b < 0): b moves down, which also lowers the retain loss
    FeedForwardModel binary = new FeedForwardModel(Architecture.binaryLogisticRegression(1));
    ParameterBlocks theta = fittedClassAtForty(binary);
    UnlearningResult result =
        forgetClassOne(
            binary, theta, retainedAtNegativeX(), forgetRowsAtMinusTenAndForty(), 60, null);
    assertEquals(ForgettingOutcome.FORGOTTEN, result.outcome(), result.explanation());
    double w = result.weights().get(binary.blocks().get(0).name()).getDouble(0);
    double b = result.weights().get(binary.blocks().get(1).name()).getDouble(0);
    assertTrue(40 * w + b < 0, "the rows at x = 40 are no longer class 1: w=" + w + " b=" + b);
    for (int x = -5; x <= -1; x++) {
      assertTrue(x * w + b < 0, "retained row at x = " + x + " still class 0: w=" + w + " b=" + b);
    }
  }

  /** Retained class 0: five rows at x = -5 … -1, right at w = 1, b = 0. */
  private static LabeledData retainedAtNegativeX() {
    return new LabeledData(
        Nd4j.createFromArray(new double[][] {{-5}, {-4}, {-3}, {-2}, {-1}}),
        Nd4j.zeros(DataType.DOUBLE, 5));
  }

  /** Margin = x: w = 1, b = 0. */
  private static ParameterBlocks fittedClassAtForty(FeedForwardModel binary) {
    ParameterBlocks theta = binary.initialParameters(1);
    theta.get(binary.blocks().get(0).name()).assign(1.0);
    theta.get(binary.blocks().get(1).name()).assign(0.0);
    return theta;
  }

  /** Class 1: 20 rows at x = -10 (misclassified) and 2 at x = 40 (recognised at margin 40). */
  private static LabeledData forgetRowsAtMinusTenAndForty() {
    double[][] x = new double[22][1];
    for (int i = 0; i < 22; i++) {
      x[i][0] = i < 20 ? -10 : 40;
    }
    return new LabeledData(Nd4j.createFromArray(x), Nd4j.ones(DataType.DOUBLE, 22));
  }

  @Test
  void aBinaryClassIsForgottenWhereTheRetainedRowsGradientIsBelowTheSquareOfTheSmallestDouble() {
    // binary logistic regression w = 40, b = 0. Retained class 0: rows at x = -10, margin -400,
    // error σ(-400) ≈ 1.9e-174, so every retain-gradient entry squares to 0 in double and a norm
    // taken as √(Σ g²) is 0: HAMU's radius lr·‖g_r‖ would be 0 and the run would end NO_STEP.
    // Forgotten class 1 (no retained row has it): rows at x = 0.5, margin 20. The class is gone
    // once 0.5·w + b < 0, which moving b down (it lowers the retain loss too) and w down reaches
    // while -10·w + b < 0 keeps every retained row right (closed form in the assertions).
    FeedForwardModel binary = new FeedForwardModel(Architecture.binaryLogisticRegression(1));
    ParameterBlocks theta = binary.initialParameters(1);
    String w = binary.blocks().get(0).name();
    String b = binary.blocks().get(1).name();
    theta.get(w).assign(40.0);
    theta.get(b).assign(0.0);
    LabeledData retain =
        new LabeledData(
            Nd4j.valueArrayOf(new long[] {6, 1}, -10.0, DataType.DOUBLE),
            Nd4j.zeros(DataType.DOUBLE, 6));
    LabeledData forget =
        new LabeledData(
            Nd4j.valueArrayOf(new long[] {4, 1}, 0.5, DataType.DOUBLE),
            Nd4j.ones(DataType.DOUBLE, 4));
    UnlearningResult result = forgetClassOne(binary, theta, retain, forget, 100, null);
    assertTrue(
        result.history().get(0).retainLoss() < 1e-170,
        "the retained rows are fitted beyond 1e-170");
    assertEquals(RunStopReason.FORGOTTEN, result.stopReason(), result.explanation());
    assertEquals(ForgettingOutcome.FORGOTTEN, result.outcome());
    double wNow = result.weights().get(w).getDouble(0);
    double bNow = result.weights().get(b).getDouble(0);
    assertTrue(0.5 * wNow + bNow < 0, "every forgotten row predicted 0: w=" + wNow + ", b=" + bNow);
    assertTrue(-10 * wNow + bNow < 0, "every retained row still right: w=" + wNow + ", b=" + bNow);
  }

  /**
   * The job's defaults (HAMU-Q, trust region, forgetting target with its loss cap) on a binary
   * model whose retained rows are all of class 0 and whose forgotten rows are all of class 1.
   */
  /**
   * Class 1 of {@code binary} forgotten with the defaults and the forgetting target; the forget
   * rows raised as {@code cap} says, or as the target raises them when it is null.
   */
  private static UnlearningResult forgetClassOne(
      FeedForwardModel binary,
      ParameterBlocks theta,
      LabeledData retain,
      LabeledData forget,
      int budget,
      LossCap cap) {
    ForgettingMonitor monitor =
        new ForgettingMonitor(
            binary,
            theta,
            forget,
            Optional.empty(),
            new boolean[] {true, false},
            ForgettingTarget.DEFAULT);
    return new UnlearningLoop(
            binary,
            new StepPlanner(UnlearningDefaults.planner()),
            LoopConfig.controlled(budget, StepControl.DEFAULT),
            IterationListener.NONE,
            Optional.of(monitor))
        .run(
            theta,
            new InMemoryStatistics(
                binary, theta, retain, forget, cap == null ? monitor.lossCap(theta) : cap));
  }
}
