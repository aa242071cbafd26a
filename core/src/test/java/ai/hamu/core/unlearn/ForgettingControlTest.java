package ai.hamu.core.unlearn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.baseline.Baseline;
import ai.hamu.core.baseline.BaselineConfig;
import ai.hamu.core.baseline.BaselineRule;
import ai.hamu.core.data.LabeledData;
import ai.hamu.core.forgetting.ForgettingMonitor;
import ai.hamu.core.forgetting.ForgettingTarget;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.plan.PlannerConfig;
import ai.hamu.core.plan.StepInputs;
import ai.hamu.core.plan.StepPlanner;
import ai.hamu.core.plan.UpdateRule;
import ai.hamu.core.solve.Branch;
import ai.hamu.core.solve.TensorDiagnostics;
import ai.hamu.core.solve.Variant;
import ai.hamu.core.train.AdamConfig;
import ai.hamu.core.train.AdamTrainer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The loop's step-size control, forgetting target and verdict on a model trained to convergence
 * (training loss near 0, where full-batch gradients vanish): the defaults forget a whole class
 * where steps as planned leave the model unchanged, a damaged model is never called forgotten, the
 * κ criterion escalates, the constraint binds linearly, and a run resumes bit for bit. Every
 * accuracy is recomputed here from the returned weights, not read from the loop's records.
 */
class ForgettingControlTest {

  private static final int FORGOTTEN_CLASS = 2;

  private static final FeedForwardModel model =
      new FeedForwardModel(Architecture.softmaxRegression(4, 3));
  private static final LabeledData train = blobs(new Random(3), 300);
  private static final LabeledData heldOut = blobs(new Random(4), 150);

  /** Trained once for every test: Adam to convergence, as users train their models. */
  private static final ParameterBlocks original =
      new AdamTrainer(AdamConfig.of(0.05, 300, 64, 7))
          .train(model, train, model.initialParameters(7));

  private static final LabeledData forget =
      train.rows(
          IntStream.range(0, train.size())
              .filter(i -> train.labels().getDouble(i) == FORGOTTEN_CLASS)
              .toArray());
  private static final LabeledData retain =
      train.rows(
          IntStream.range(0, train.size())
              .filter(i -> train.labels().getDouble(i) != FORGOTTEN_CLASS)
              .toArray());

  @Test
  void theModelIsConvergedAsUsersTrainThem() {
    double loss = model.lossStatistics(original, train.features(), train.labels()).meanObjective();
    assertTrue(loss < 1e-2, "training loss " + loss);
    assertEquals(1.0, accuracy(original, forget), "the class is recognised before unlearning");
  }

  @Test
  void theDefaultsForgetAWholeClassWhereStepsAsPlannedLeaveTheModelUnchanged() {
    UnlearningResult asPlanned = run(hamuQ(false), LoopConfig.iterations(30), monitor());
    assertTrue(
        accuracy(asPlanned.weights(), forget) > 0.9,
        "lr·‖g_r‖ steps barely move a converged model");
    assertEquals(ForgettingOutcome.NOT_FORGOTTEN, asPlanned.outcome(), asPlanned.explanation());

    UnlearningResult controlled =
        run(hamuQ(false), LoopConfig.controlled(100, StepControl.DEFAULT), monitor());
    assertEquals(ForgettingOutcome.FORGOTTEN, controlled.outcome(), controlled.explanation());
    assertEquals(RunStopReason.FORGOTTEN, controlled.stopReason());
    assertTrue(accuracy(controlled.weights(), forget) <= 0.01, "the class is no longer recognised");
    assertTrue(
        accuracy(original, retain) - accuracy(controlled.weights(), retain) <= RETAIN_TOLERANCE,
        "retain intact");
    assertTrue(controlled.keptSteps() > 0);
  }

  /**
   * One step control serves every rule: HAMU-U as HAMU-Q, and the baselines of the common loop.
   * With the job's defaults (c* 0.8, trust region, target on) both HAMU variants forget the class;
   * no rule's run is called forgotten unless the returned weights, scored here, show it.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("everyRule")
  void theDefaultsServeEveryRuleAndForgottenAlwaysMeansForgotten(
      String name, UpdateRule rule, boolean mustForget) {
    UnlearningResult result = run(rule, LoopConfig.controlled(100, StepControl.DEFAULT), monitor());
    if (mustForget) {
      assertEquals(ForgettingOutcome.FORGOTTEN, result.outcome(), result.explanation());
    }
    if (result.outcome() == ForgettingOutcome.FORGOTTEN) {
      assertTrue(
          accuracy(result.weights(), forget) <= 0.01, name + ": the class is no longer recognised");
      assertTrue(
          accuracy(original, retain) - accuracy(result.weights(), retain) <= RETAIN_TOLERANCE,
          name + ": retain intact");
    } else {
      assertNotEquals(RunStopReason.FORGOTTEN, result.stopReason(), name);
    }
  }

  static Stream<Arguments> everyRule() {
    List<Arguments> rules = new ArrayList<>();
    for (Variant variant : Variant.values()) {
      rules.add(
          Arguments.of(
              variant.name(),
              new StepPlanner(
                  PlannerConfig.builder(1.0).variant(variant).feasibilityTarget(0.8).build()),
              true));
    }
    for (Baseline baseline : Baseline.values()) {
      rules.add(
          Arguments.of(
              baseline.name(), new BaselineRule(BaselineConfig.defaults(baseline, 1.0)), false));
    }
    return rules.stream();
  }

  @Test
  void aDamagedModelIsNeverCalledForgottenAndTrustRegionUndoesTheDamage() {
    UpdateRule reckless = new BaselineRule(BaselineConfig.defaults(Baseline.GA, 1e5));
    UnlearningResult asPlanned = run(reckless, LoopConfig.iterations(6), monitor());
    assertTrue(
        accuracy(original, retain) - accuracy(asPlanned.weights(), retain) > 0.01,
        "gradient ascent at lr 1e5 damages the retained rows");
    assertNotEquals(ForgettingOutcome.FORGOTTEN, asPlanned.outcome(), asPlanned.explanation());

    UnlearningResult controlled =
        run(reckless, LoopConfig.controlled(40, StepControl.DEFAULT), monitor());
    assertTrue(
        accuracy(original, retain) - accuracy(controlled.weights(), retain) <= RETAIN_TOLERANCE,
        "every step that cost more than 1 point of retain accuracy was undone");
    if (controlled.outcome() == ForgettingOutcome.FORGOTTEN) {
      assertTrue(accuracy(controlled.weights(), forget) <= 0.01);
    }
  }

  @Test
  void theReturnedWeightsAreAlwaysOnesTheLoopMeasuredAndKept() {
    // whatever the budget, the run ends on weights whose statistics an iteration recorded and did
    // not
    // undo: the anchor when the last step was undone, never an unmeasured or undone point
    UpdateRule reckless = new BaselineRule(BaselineConfig.defaults(Baseline.GA, 1e5));
    for (int budget = 2; budget <= 12; budget++) {
      UnlearningResult r =
          run(reckless, LoopConfig.controlled(budget, StepControl.DEFAULT), monitor());
      IterationRecord kept = r.history().get(r.history().size() - 1);
      for (int i = r.history().size() - 1; i >= 0 && r.history().get(i).undone(); i--) {
        kept = i > 0 ? r.history().get(i - 1) : kept;
      }
      double retainLoss =
          model.lossStatistics(r.weights(), retain.features(), retain.labels()).meanObjective();
      assertEquals(
          kept.retainLoss(),
          retainLoss,
          1e-9 * Math.max(1, retainLoss),
          "budget "
              + budget
              + ": the returned weights are those measured at iteration "
              + kept.iteration());
    }
  }

  @Test
  void theHardnessCriterionEscalatesWithoutTakingTheStep() {
    // forgotten rows that are copies of retained rows: their gradients align with the retain
    // gradient, and c* = 1 requests the whole reachable gain, which no aligned pair gives for free
    LabeledData copies = retain.rows(IntStream.range(0, 20).toArray());
    ForgettingMonitor monitor =
        new ForgettingMonitor(
            model,
            original,
            copies,
            Optional.of(heldOut),
            new boolean[] {true, true, true},
            ForgettingTarget.DEFAULT);
    UnlearningResult result =
        new UnlearningLoop(
                model,
                hamuQ(true, 1.0),
                LoopConfig.controlled(20, StepControl.DEFAULT),
                IterationListener.NONE,
                Optional.of(monitor))
            .run(original, new InMemoryStatistics(model, original, retain, copies));
    assertEquals(ForgettingOutcome.ESCALATE, result.outcome(), result.explanation());
    assertEquals(RunStopReason.STOPPING_CRITERION, result.stopReason());
    assertEquals(0, result.keptSteps());
    assertArrayEquals(
        original.toFlatArray(), result.weights().toFlatArray(), "no step was applied");
  }

  @Test
  void theConstraintBindsExactlyAndScalesLinearlyWithTheStep() {
    ParameterBlocks g =
        model.lossStatistics(original, retain.features(), retain.labels()).meanGradient();
    ParameterBlocks f =
        model.lossStatistics(original, forget.features(), forget.labels()).meanGradient();
    double reachable =
        0; // Σ_l ‖g_r,l‖‖g_f,l‖: the largest B an lr-1 step can gain (the gradients are below the
    // clip)
    for (int l = 0; l < g.size(); l++) {
      reachable += g.get(l).norm2Number().doubleValue() * f.get(l).norm2Number().doubleValue();
    }
    for (double share : new double[] {0.1, 0.2, 0.4, 0.8}) {
      StepPlanner planner =
          new StepPlanner(PlannerConfig.builder(1.0).constraint(share * reachable).build());
      UnlearningResult result =
          run(planner, LoopConfig.controlled(2, StepControl.DEFAULT), monitor());
      IterationRecord first = result.history().get(0);
      double scale = first.stepScale();
      assertTrue(scale > 0 && first.plan().apply(), "the first step is taken");
      for (TensorDiagnostics d : first.plan().tensors()) {
        if (d.branch() == Branch.RECTIFIED) {
          // per tensor, the planner's step gains exactly its B_l (first order, clipped gradient)
          assertEquals(
              d.constraint(), d.realisedForgetChange(), 1e-12 * Math.max(1, d.constraint()));
        }
      }
    }
    StepPlanner planner =
        new StepPlanner(PlannerConfig.builder(1.0).constraint(0.4 * reachable).build());
    var plan = planner.plan(ai.hamu.core.plan.StepInputs.ofLosses(g, f));
    var scaled = plan.scaledBy(3.0);
    assertEquals(
        3.0 * plan.summary().firstOrderForgetChange(),
        scaled.summary().firstOrderForgetChange(),
        1e-15);
    assertEquals(
        3.0 * f.dot(plan.delta().orElseThrow()), f.dot(scaled.delta().orElseThrow()), 1e-15);
  }

  @Test
  void resumingATrustRegionRunFromAnyBoundaryEndsBitForBitTheSame() {
    List<LoopState> states = new ArrayList<>();
    IterationListener saver =
        new IterationListener() {
          @Override
          public void atBoundary(LoopState state) {
            states.add(state.copy());
          }
        };
    LoopConfig loop = LoopConfig.controlled(12, StepControl.DEFAULT);
    UnlearningResult whole =
        new UnlearningLoop(model, hamuQ(false), loop, saver, Optional.of(monitor()))
            .run(original, new InMemoryStatistics(model, original, retain, forget));
    assertTrue(states.size() >= 2, "some boundaries to resume from");
    for (LoopState state : states) {
      UnlearningResult resumed =
          new UnlearningLoop(
                  model, hamuQ(false), loop, IterationListener.NONE, Optional.of(monitor()))
              .resume(state, new InMemoryStatistics(model, original, retain, forget));
      assertArrayEquals(
          whole.weights().toFlatArray(),
          resumed.weights().toFlatArray(),
          "resumed at " + state.nextIteration());
      assertEquals(whole.outcome(), resumed.outcome());
      assertEquals(whole.history().size(), resumed.history().size());
    }
  }

  @Test
  void theRetainFisherMetricPlansTheStepInTheRetainedClassesCurvature() {
    ParameterBlocks fisherStep =
        firstStep(
            new StepControl(
                StepControl.Mode.TRUST_REGION, StepControl.Metric.RETAIN_FISHER, 0.01, 0.01));
    ParameterBlocks euclideanStep = firstStep(StepControl.DEFAULT);

    // Oracle for the metric: each held-out row of a retained class (0 or 1) gets its own gradient
    // from lossStatistics on that one row (checked against finite differences in LossGradientTest),
    // squared and averaged, then damped by DAMPING times each tensor's mean.
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < heldOut.size(); i++) {
      if (heldOut.labels().getDouble(i) != FORGOTTEN_CLASS) {
        rows.add(i);
      }
    }
    ParameterBlocks inverseRoot = ParameterBlocks.zeros(original.specs());
    for (int i : rows) {
      LabeledData one = heldOut.rows(new int[] {i});
      ParameterBlocks g =
          model.lossStatistics(original, one.features(), one.labels()).gradientSum();
      for (int b = 0; b < g.size(); b++) {
        inverseRoot.get(b).addi(g.get(b).mul(g.get(b)).divi(rows.size()));
      }
    }
    for (int b = 0; b < inverseRoot.size(); b++) {
      double mean = inverseRoot.get(b).meanNumber().doubleValue();
      inverseRoot.get(b).addi(DiagonalMetric.DAMPING * mean);
      inverseRoot.get(b).assign(Transforms.pow(inverseRoot.get(b), -0.5));
    }
    // the rule planned on g/√D, brought back by 1/√D: HAMU-Q's direction under the feasibility
    // target does not depend on the gradients' norms, so no unit scaling is needed here
    Map<GradientSource, ParameterBlocks> inMetric = new EnumMap<>(GradientSource.class);
    new InMemoryStatistics(model, original, retain, forget)
        .compute(original, EnumSet.of(GradientSource.RETAIN_LOSS, GradientSource.FORGET_LOSS), 0)
        .forEach((source, stats) -> inMetric.put(source, times(stats.meanGradient(), inverseRoot)));
    ParameterBlocks expected =
        times(hamuQ(false).plan(StepInputs.of(inMetric)).delta().orElseThrow(), inverseRoot);

    assertEquals(1.0, cosine(fisherStep, expected), 1e-9, "the step is the rule's in the metric");
    assertEquals(0.01 * original.norm(), fisherStep.norm(), 1e-12, "at the first trust radius");
    assertTrue(
        cosine(fisherStep, euclideanStep) < 0.99,
        "the metric changes the direction: cosine " + cosine(fisherStep, euclideanStep));
  }

  private ParameterBlocks firstStep(StepControl control) {
    List<ParameterBlocks> steps = new ArrayList<>();
    IterationListener first =
        new IterationListener() {
          @Override
          public void afterIteration(IterationRecord record) {
            record.plan().delta().ifPresent(d -> steps.add(d.copy()));
          }
        };
    new UnlearningLoop(
            model, hamuQ(false), LoopConfig.controlled(2, control), first, Optional.of(monitor()))
        .run(original, new InMemoryStatistics(model, original, retain, forget));
    return steps.get(0);
  }

  private static ParameterBlocks times(ParameterBlocks a, ParameterBlocks b) {
    ParameterBlocks out = a.copy();
    for (int i = 0; i < out.size(); i++) {
      out.get(i).muli(b.get(i));
    }
    return out;
  }

  private static double cosine(ParameterBlocks a, ParameterBlocks b) {
    return a.dot(b) / (a.norm() * b.norm());
  }

  private UnlearningResult run(UpdateRule rule, LoopConfig loop, ForgettingMonitor monitor) {
    return new UnlearningLoop(model, rule, loop, IterationListener.NONE, Optional.of(monitor))
        .run(original, new InMemoryStatistics(model, original, retain, forget));
  }

  private ForgettingMonitor monitor() {
    return new ForgettingMonitor(
        model,
        original,
        forget,
        Optional.of(heldOut),
        new boolean[] {true, true, false},
        ForgettingTarget.DEFAULT);
  }

  private static StepPlanner hamuQ(boolean stop) {
    return hamuQ(stop, 0.5);
  }

  private static StepPlanner hamuQ(boolean stop, double target) {
    return new StepPlanner(
        PlannerConfig.builder(1.0).feasibilityTarget(target).stopOnCriterion(stop).build());
  }

  /**
   * The damage guard's 1-point retain tolerance; a loss of exactly 1 point is within it (held as
   * fractions, 1.0 − 0.99 is a few ulps above 0.01).
   */
  private static final double RETAIN_TOLERANCE = 0.01 + 1e-12;

  private static double accuracy(ParameterBlocks weights, LabeledData rows) {
    double[] predicted = model.predict(weights, rows.features()).toDoubleVector();
    double[] labels = rows.labels().toDoubleVector();
    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      right += predicted[i] == labels[i] ? 1 : 0;
    }
    return (double) right / labels.length;
  }

  /** Three well separated Gaussian classes in 4 dimensions (means 6 standard deviations apart). */
  static LabeledData blobs(Random random, int n) {
    double[] x = new double[n * 4];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      y[i] = c;
      for (int j = 0; j < 4; j++) {
        x[i * 4 + j] = (j == c ? 6.0 : 0.0) + random.nextGaussian();
      }
    }
    return new LabeledData(
        Nd4j.create(x, new long[] {n, 4}, DataType.DOUBLE),
        Nd4j.create(y, new long[] {n}, DataType.DOUBLE));
  }
}
