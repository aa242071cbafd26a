package ai.hamu.core.unlearn;

import ai.hamu.core.forgetting.ForgettingCheck;
import ai.hamu.core.forgetting.ForgettingMonitor;
import ai.hamu.core.model.Model;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.plan.StepInputs;
import ai.hamu.core.plan.StepPlan;
import ai.hamu.core.plan.UpdateRule;
import ai.hamu.core.stats.BatchStatistics;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The unlearning loop, independent of where the statistics come from: each iteration computes the
 * retain and forget statistics at the current weights (and, with a {@link ForgettingMonitor}, the
 * forgetting target), judges the previous step, plans a step with the update rule (HAMU or a
 * baseline) and takes it, sized by the {@link StepControl}. It ends when the forgetting target is
 * met, at a step the rule does not apply (stopping criterion or infeasibility), when the step size
 * collapses, when the forget loss has risen by the optional target, or at the iteration limit, and
 * gives its verdict ({@link ForgettingOutcome}).
 *
 * <p>With trust-region control the last iteration of the budget takes no step, so the weights a run
 * returns have always been measured; a step after which the retained rows lost more than the
 * tolerance (or the forgotten rows overshot the target) is undone, so the returned weights never
 * carry such damage.
 */
public final class UnlearningLoop {

  private final Model model;
  private final UpdateRule rule;
  private final LoopConfig loop;
  private final IterationListener listener;
  private final ForgettingMonitor monitor;

  /** A loop without a forgetting target. */
  public UnlearningLoop(Model model, UpdateRule rule, LoopConfig loop, IterationListener listener) {
    this(model, rule, loop, listener, Optional.empty());
  }

  /**
   * A loop that measures the forgetting target with {@code monitor}, when present, at every
   * iteration.
   */
  public UnlearningLoop(
      Model model,
      UpdateRule rule,
      LoopConfig loop,
      IterationListener listener,
      Optional<ForgettingMonitor> monitor) {
    this.model = Objects.requireNonNull(model, "model");
    this.rule = Objects.requireNonNull(rule, "rule");
    this.loop = Objects.requireNonNull(loop, "loop");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.monitor = monitor.orElse(null);
  }

  /** Runs from {@code original} (not modified). */
  public UnlearningResult run(ParameterBlocks original, StatisticsSource source) {
    return resume(LoopState.start(original), source);
  }

  /**
   * Continues a run from {@code state} (not modified), as saved by a listener at an iteration
   * boundary; from {@link LoopState#start} it is a fresh run. The result's history includes the
   * records already in {@code state}.
   */
  public UnlearningResult resume(LoopState state, StatisticsSource source) {
    Set<GradientSource> sources =
        EnumSet.of(GradientSource.RETAIN_LOSS, GradientSource.FORGET_LOSS);
    sources.addAll(rule.requires());
    StepControl control = loop.stepControl();
    boolean judged = control.trustRegion() || monitor != null;
    ParameterBlocks theta = state.weights().copy();
    ParameterBlocks anchor = state.anchor().map(ParameterBlocks::copy).orElse(null);
    double radius = state.stepRadius();
    List<IterationRecord> history = new ArrayList<>(state.history());
    double originalForgetLoss = state.originalForgetLoss();
    RunStopReason reason = RunStopReason.ITERATION_LIMIT;
    for (int it = state.nextIteration(); it < loop.maxIterations(); it++) {
      long start = System.nanoTime();
      listener.beforeIteration(it, loop.maxIterations());
      Map<GradientSource, BatchStatistics> stats = source.compute(theta, sources, it);
      BatchStatistics retain = require(stats, GradientSource.RETAIN_LOSS, "retain", it);
      BatchStatistics forget = require(stats, GradientSource.FORGET_LOSS, "forget", it);
      if (it == 0) {
        originalForgetLoss = forget.meanObjective();
        radius = control.initialRadius() * (theta.norm() > 0 ? theta.norm() : 1.0);
      } else if (forget.meanObjective() - originalForgetLoss >= loop.targetForgetIncrease()) {
        reason = RunStopReason.TARGET_REACHED;
        break;
      }
      ParameterBlocks at = theta;
      Optional<ForgettingCheck> check = Optional.ofNullable(monitor).map(m -> m.check(at));
      double retainAccuracy = accuracy(retain);
      IterationRecord original = history.isEmpty() ? null : history.get(0);
      boolean damaged =
          original != null
              && guard(original, control).damaged(retain.meanObjective(), retainAccuracy, check);

      // judge the step that led here
      boolean undone = false;
      boolean starved = false;
      if (anchor != null) {
        IterationRecord step = history.get(history.size() - 1);
        if (control.trustRegion()
            && (damaged || check.map(ForgettingCheck::overshot).orElse(false))) {
          undone = true;
          radius *= StepControl.UNDO;
        } else {
          radius =
              adapted(
                  radius, step, anchorForgetLoss(history), forget.meanObjective(), theta.norm());
          anchor = null;
          // halved after every step that realised under a tenth of its predicted gain, down to the
          // size at which an undone step ends the run: the forget loss has stopped rising
          starved = collapsed(radius, control, theta);
        }
      }

      StepPlan plan;
      double scale = 0;
      boolean stop = true;
      if (undone) {
        // back to the anchor, then the same direction at the smaller radius: no new gradient needed
        IterationRecord step = history.get(history.size() - 1);
        ParameterBlocks shorter =
            theta.copy().addInPlace(anchor.scaled(-1)).scaled(StepControl.UNDO);
        plan = step.plan().scaledBy(StepControl.UNDO).withDelta(shorter);
        theta = anchor.copy();
        if (collapsed(radius, control, theta)) {
          reason = RunStopReason.STEP_COLLAPSED;
          plan = plan.notTaken();
          anchor = null;
        } else if (it == loop.maxIterations() - 1) {
          plan = plan.notTaken(); // the budget ends here: back at the anchor, which was measured
          anchor = null;
        } else {
          stop = false;
          scale = step.stepScale() * StepControl.UNDO;
          theta.addInPlace(shorter);
        }
      } else {
        Map<GradientSource, ParameterBlocks> gradients = new EnumMap<>(GradientSource.class);
        for (GradientSource s : sources) {
          gradients.put(s, stats.get(s).meanGradient());
        }
        plan =
            control.trustRegion()
                ? planAtUnitScale(gradients, metric(control, theta))
                : rule.plan(StepInputs.of(gradients));
        if (check.map(ForgettingCheck::met).orElse(false)
            && UnlearningResult.keptSteps(history) > 0
            && !damaged) {
          reason = RunStopReason.FORGOTTEN;
          plan = plan.notTaken();
        } else if (starved) {
          reason = RunStopReason.STEP_COLLAPSED;
          plan = plan.notTaken();
        } else if (!plan.apply()) {
          reason =
              switch (plan.stopReason()) {
                case STOPPING_CRITERION -> RunStopReason.STOPPING_CRITERION;
                case INFEASIBLE -> RunStopReason.INFEASIBLE;
                case NONE, NOT_TAKEN ->
                    throw new IllegalStateException(
                        "a rule's plan with stop reason " + plan.stopReason() + " must be applied");
              };
        } else if (judged && it == loop.maxIterations() - 1) {
          plan = plan.notTaken(); // a step nobody would measure
        } else if (plan.delta().map(d -> !(d.norm() > 0)).orElse(false)) {
          reason = RunStopReason.NO_STEP; // the same gradients would plan the same nothing again
          plan = plan.notTaken();
        } else {
          stop = false;
          ParameterBlocks delta =
              plan.delta()
                  .orElseThrow(() -> new IllegalStateException("an applied plan without δ"));
          double norm = delta.norm();
          scale = control.trustRegion() && norm > 0 ? radius / norm : 1.0;
          plan = scale == 1.0 ? plan : plan.scaledBy(scale);
          if (control.trustRegion()) {
            anchor = theta.copy();
          }
          theta.addInPlace(plan.delta().orElseThrow());
        }
      }
      IterationRecord record =
          new IterationRecord(
              it,
              retain.meanObjective(),
              retainAccuracy,
              forget.meanObjective(),
              accuracy(forget),
              plan,
              System.nanoTime() - start,
              scale,
              undone,
              check);
      listener.afterIteration(record);
      history.add(record.withPlan(plan.withoutDelta()));
      if (stop) {
        break;
      }
      listener.atBoundary(
          new LoopState(
              it + 1, theta, originalForgetLoss, history, Optional.ofNullable(anchor), radius));
    }
    return verdict(theta, reason, history, control);
  }

  /**
   * The rule's plan from gradients brought to unit scale (the trust region sets the step's length,
   * so only its direction matters): each gradient to norm 1 when the rule's direction is free of
   * their separate scales (HAMU under the feasibility target), else all of them by the one factor
   * that brings the largest to norm 1, which leaves every rule's direction unchanged. At a model
   * that fits its rows the full-batch gradients fall to norms near the 1e-12 guards of HAMU's
   * divisions, and the retain gradient to a millionth of the forget gradient's (HAMU-U's constraint
   * gradient), where those guards would decide the step instead of its geometry. With a {@code
   * metric}, the rule plans in its coordinates and the step is brought back to parameter space. The
   * plan's predicted loss changes are those of the actual gradients.
   */
  private StepPlan planAtUnitScale(
      Map<GradientSource, ParameterBlocks> gradients, Optional<DiagonalMetric> metric) {
    Map<GradientSource, ParameterBlocks> planned = new EnumMap<>(GradientSource.class);
    gradients.forEach((s, g) -> planned.put(s, metric.map(m -> m.gradientInMetric(g)).orElse(g)));
    double largest = 0;
    for (ParameterBlocks g : planned.values()) {
      largest = Math.max(largest, g.norm());
    }
    StepPlan plan;
    if (!(largest > 0) || Double.isInfinite(largest)) {
      plan = rule.plan(StepInputs.of(planned));
      if (metric.isEmpty()) {
        return plan; // the rule's own predictions: no scaling was needed, none could be applied
      }
    } else {
      boolean separately = rule.directionFreeOfGradientScales();
      Map<GradientSource, ParameterBlocks> unit = new EnumMap<>(GradientSource.class);
      for (Map.Entry<GradientSource, ParameterBlocks> e : planned.entrySet()) {
        double norm = separately ? e.getValue().norm() : largest;
        unit.put(e.getKey(), norm > 0 ? e.getValue().scaled(1 / norm) : e.getValue());
      }
      plan = rule.plan(StepInputs.of(unit));
    }
    StepPlan inMetric = plan;
    return plan.delta()
        .map(u -> metric.map(m -> m.stepInParameters(u)).orElse(u))
        .map(
            d ->
                inMetric
                    .withDelta(d)
                    .withPredictedChanges(
                        gradients.get(GradientSource.RETAIN_LOSS).dot(d),
                        gradients.get(GradientSource.FORGET_LOSS).dot(d)))
        .orElse(plan);
  }

  /**
   * The metric the direction is planned in at {@code theta}: the retained rows' curvature when the
   * control asks for it, some forgotten rows are of a class no retained row has, and the monitor
   * has held-out rows of a retained class; else none (Euclidean). Rows of the retained classes
   * themselves (a random deletion) are samples of the same distribution as the held-out rows, so
   * that curvature would hold back the very directions their forgetting needs.
   */
  private Optional<DiagonalMetric> metric(StepControl control, ParameterBlocks theta) {
    if (control.metric() != StepControl.Metric.RETAIN_FISHER
        || monitor == null
        || !monitor.hasAbsentClassRows()) {
      return Optional.empty();
    }
    return monitor.retainCurvature(theta).map(DiagonalMetric::damped);
  }

  /**
   * Whether the trust radius fell below {@link StepControl#COLLAPSE} of its start, relative to ‖θ‖.
   */
  private static boolean collapsed(double radius, StepControl control, ParameterBlocks theta) {
    return radius < StepControl.COLLAPSE * control.initialRadius() * Math.max(theta.norm(), 1e-12);
  }

  /**
   * The trust radius after a kept step, from its realised over its predicted forget-loss gain. A
   * step retried at a smaller radius after an undo does not grow the radius: the larger one just
   * failed.
   */
  private static double adapted(
      double radius,
      IterationRecord step,
      double anchorForgetLoss,
      double forgetLossNow,
      double weightNorm) {
    double predicted = step.plan().summary().firstOrderForgetChange();
    double realised = forgetLossNow - anchorForgetLoss;
    double next = radius;
    if (predicted > 0 && realised < StepControl.POOR_RATIO * predicted) {
      next = radius * StepControl.SHRINK;
    } else if (!step.undone()
        && (!(predicted > 0) || realised >= StepControl.GOOD_RATIO * predicted)) {
      next = radius * StepControl.GROW;
    }
    return Math.min(next, Math.max(weightNorm, radius));
  }

  /**
   * The forget loss at the anchor: that of the last iteration not undone, which took the first step
   * from it.
   */
  private static double anchorForgetLoss(List<IterationRecord> history) {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (!history.get(i).undone()) {
        return history.get(i).forgetLoss();
      }
    }
    throw new IllegalStateException("a step to judge without the iteration that took it");
  }

  private UnlearningResult verdict(
      ParameterBlocks theta,
      RunStopReason reason,
      List<IterationRecord> history,
      StepControl control) {
    int kept = UnlearningResult.keptSteps(history);
    // the weights returned were measured by the last iteration whose point was kept: an undone
    // point
    // is not what the run returns
    IterationRecord last = null;
    for (int i = history.size() - 1; i >= 0 && last == null; i--) {
      last = history.get(i).undone() ? null : history.get(i);
    }
    String where = last == null ? "" : " at iteration " + last.iteration();
    String target = last == null ? "" : last.check().map(c -> " (" + c.describe() + ")").orElse("");
    ForgettingOutcome outcome;
    String why;
    switch (reason) {
      case FORGOTTEN -> {
        outcome = ForgettingOutcome.FORGOTTEN;
        why = "forgotten: the target was met" + where + " after " + kept + " kept steps" + target;
      }
      case STOPPING_CRITERION -> {
        outcome = ForgettingOutcome.ESCALATE;
        why =
            "escalate: the hardness criterion κ was met"
                + where
                + " before the forgetting target: forgetting "
                + "further must damage the retained rows; retrain without the forgotten rows"
                + target;
      }
      case INFEASIBLE -> {
        outcome = ForgettingOutcome.ESCALATE;
        why =
            "escalate: the requested forget-loss gain was infeasible"
                + where
                + "; retrain without the forgotten "
                + "rows"
                + target;
      }
      case STEP_COLLAPSED -> {
        if (history.get(history.size() - 1).undone()) {
          outcome = ForgettingOutcome.ESCALATE;
          why =
              String.format(
                      Locale.ROOT,
                      "escalate: every step size down to %.0e of the first damaged the retained "
                          + "rows by more than %.3g or overshot the target%s; retrain without the forgotten rows",
                      StepControl.COLLAPSE,
                      control.retainTolerance(),
                      where)
                  + target;
        } else {
          outcome = ForgettingOutcome.NOT_FORGOTTEN;
          why =
              String.format(
                      Locale.ROOT,
                      "not forgotten: the forget loss stopped rising%s: every step size down to %.0e"
                          + " of the first gained under a tenth of its first-order prediction (the"
                          + " forgotten rows are at their loss cap, or fitted so far that their"
                          + " gradient vanished); retrain without the forgotten rows",
                      where,
                      StepControl.COLLAPSE)
                  + target;
        }
      }
      case NO_STEP -> {
        outcome = ForgettingOutcome.NOT_FORGOTTEN;
        why =
            "not forgotten: the rule planned a step of length zero at iteration "
                + history.get(history.size() - 1).iteration()
                + " (a gradient it scales the step by vanished: at a model whose retained rows' loss is"
                + " flat to first order, HAMU's radius lr·‖g_r‖ is 0); retrain without the forgotten"
                + " rows, or use a fixed radius (hamu.radius)"
                + target;
      }
      default -> {
        outcome = ForgettingOutcome.NOT_FORGOTTEN;
        if (kept == 0) {
          why = "not forgotten: the model did not move (no step was kept)";
        } else if (last != null
            && history.size() > 1
            && guard(history.get(0), control)
                .damaged(last.retainLoss(), last.retainAccuracy(), last.check())) {
          why = "not forgotten: the retained rows were damaged beyond the tolerance" + where;
        } else if (monitor == null) {
          outcome = ForgettingOutcome.UNVERIFIED;
          why = "unverified: no forgetting target was measured; the run ended by " + reason;
        } else if (last != null && last.check().isPresent() && !last.check().get().measurable()) {
          why = "not forgotten: the target cannot be measured without held-out rows" + target;
        } else if (last != null && last.plan().summary().stoppingMet()) {
          outcome = ForgettingOutcome.ESCALATE;
          why =
              "escalate: the budget of "
                  + loop.maxIterations()
                  + " iterations ended before the target was met, "
                  + "and the hardness criterion κ says forgetting further must damage the retained rows; retrain without "
                  + "the forgotten rows"
                  + target;
        } else {
          why =
              "not forgotten: the budget of "
                  + loop.maxIterations()
                  + " iterations ended before the target was "
                  + "met"
                  + target;
        }
      }
    }
    return new UnlearningResult(theta, reason, outcome, why, history);
  }

  private DamageGuard guard(IterationRecord original, StepControl control) {
    return DamageGuard.against(
        original, model.architecture().numClasses() == 0, control.retainTolerance());
  }

  private static BatchStatistics require(
      Map<GradientSource, BatchStatistics> stats, GradientSource s, String what, int iteration) {
    BatchStatistics b = stats.get(s);
    if (b == null) {
      throw new IllegalStateException("the statistics source did not compute " + s);
    }
    if (b.exampleCount() == 0) {
      throw new IllegalArgumentException(
          "iteration "
              + iteration
              + ": no "
              + what
              + " rows in this iteration's "
              + "rows (with sampling, raise the "
              + what
              + " fraction)");
    }
    return b;
  }

  private double accuracy(BatchStatistics s) {
    return model.architecture().numClasses() == 0 ? Double.NaN : s.accuracy();
  }
}
