package ai.hamu.core.unlearn;

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
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The unlearning loop, independent of where the statistics come from: each iteration computes the
 * retain and forget statistics at the current weights, plans a step with the update rule (HAMU or
 * a baseline) and applies it. It ends at the iteration limit, at a step that is not applied
 * (stopping criterion or infeasibility), or when the forget loss has risen by the target.
 */
public final class UnlearningLoop {

  private final Model model;
  private final UpdateRule rule;
  private final LoopConfig loop;
  private final IterationListener listener;

  public UnlearningLoop(Model model, UpdateRule rule, LoopConfig loop, IterationListener listener) {
    this.model = Objects.requireNonNull(model, "model");
    this.rule = Objects.requireNonNull(rule, "rule");
    this.loop = Objects.requireNonNull(loop, "loop");
    this.listener = Objects.requireNonNull(listener, "listener");
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
    Set<GradientSource> sources = EnumSet.of(GradientSource.RETAIN_LOSS, GradientSource.FORGET_LOSS);
    sources.addAll(rule.requires());
    ParameterBlocks theta = state.weights().copy();
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
      } else if (forget.meanObjective() - originalForgetLoss >= loop.targetForgetIncrease()) {
        reason = RunStopReason.TARGET_REACHED;
        break;
      }
      Map<GradientSource, ParameterBlocks> gradients = new EnumMap<>(GradientSource.class);
      for (GradientSource s : sources) {
        gradients.put(s, stats.get(s).meanGradient());
      }
      StepPlan plan = rule.plan(StepInputs.of(gradients));
      if (plan.apply()) {
        theta.addInPlace(plan.delta().orElseThrow(() -> new IllegalStateException("an applied plan without δ")));
      }
      IterationRecord record = new IterationRecord(it, retain.meanObjective(), accuracy(retain),
          forget.meanObjective(), accuracy(forget), plan, System.nanoTime() - start);
      listener.afterIteration(record);
      history.add(new IterationRecord(record.iteration(), record.retainLoss(), record.retainAccuracy(),
          record.forgetLoss(), record.forgetAccuracy(), plan.withoutDelta(), record.wallNanos()));
      if (!plan.apply()) {
        reason = switch (plan.stopReason()) {
          case STOPPING_CRITERION -> RunStopReason.STOPPING_CRITERION;
          case INFEASIBLE -> RunStopReason.INFEASIBLE;
          case NONE -> throw new IllegalStateException("a plan with stop reason NONE must be applied");
        };
        break;
      }
      listener.atBoundary(new LoopState(it + 1, theta, originalForgetLoss, history));
    }
    return new UnlearningResult(theta, reason, history);
  }

  private static BatchStatistics require(Map<GradientSource, BatchStatistics> stats, GradientSource s, String what,
      int iteration) {
    BatchStatistics b = stats.get(s);
    if (b == null) {
      throw new IllegalStateException("the statistics source did not compute " + s);
    }
    if (b.exampleCount() == 0) {
      throw new IllegalArgumentException("iteration " + iteration + ": no " + what + " rows in this iteration's "
          + "rows (with sampling, raise the " + what + " fraction)");
    }
    return b;
  }

  private double accuracy(BatchStatistics s) {
    return model.architecture().numClasses() == 0 ? Double.NaN : s.accuracy();
  }
}
