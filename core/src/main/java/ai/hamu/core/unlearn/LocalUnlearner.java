package ai.hamu.core.unlearn;

import ai.hamu.core.data.LabeledData;
import ai.hamu.core.model.Model;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.plan.StepInputs;
import ai.hamu.core.plan.StepPlan;
import ai.hamu.core.plan.UpdateRule;
import ai.hamu.core.stats.BatchStatistics;
import ai.hamu.core.stats.KlToOriginal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The full-batch unlearning loop in one process: each iteration computes the retain and forget
 * statistics at the current weights, plans a step with the update rule (HAMU or a baseline) and
 * applies it. It is the single-process reference for the distributed loop.
 */
public final class LocalUnlearner {

  private final Model model;
  private final UpdateRule rule;
  private final LoopConfig loop;

  public LocalUnlearner(Model model, UpdateRule rule, LoopConfig loop) {
    this.model = Objects.requireNonNull(model, "model");
    this.rule = Objects.requireNonNull(rule, "rule");
    this.loop = Objects.requireNonNull(loop, "loop");
  }

  /** Unlearns {@code forget} from {@code original} (not modified), keeping {@code retain}. */
  public UnlearningResult run(ParameterBlocks original, LabeledData retain, LabeledData forget) {
    if (retain.size() == 0 || forget.size() == 0) {
      throw new IllegalArgumentException("expected non-empty retain and forget sets, got " + retain.size()
          + " retain and " + forget.size() + " forget rows");
    }
    KlToOriginal kl = new KlToOriginal(model, original);
    ParameterBlocks theta = original.copy();
    List<IterationRecord> history = new ArrayList<>();
    double originalForgetLoss = Double.NaN;
    RunStopReason reason = RunStopReason.ITERATION_LIMIT;
    for (int it = 0; it < loop.maxIterations(); it++) {
      long start = System.nanoTime();
      BatchStatistics retainStats = model.lossStatistics(theta, retain.features(), retain.labels());
      BatchStatistics forgetStats = model.lossStatistics(theta, forget.features(), forget.labels());
      if (it == 0) {
        originalForgetLoss = forgetStats.meanObjective();
      } else if (forgetStats.meanObjective() - originalForgetLoss >= loop.targetForgetIncrease()) {
        reason = RunStopReason.TARGET_REACHED;
        break;
      }
      Map<GradientSource, ParameterBlocks> gradients = new EnumMap<>(GradientSource.class);
      gradients.put(GradientSource.RETAIN_LOSS, retainStats.meanGradient());
      gradients.put(GradientSource.FORGET_LOSS, forgetStats.meanGradient());
      if (rule.requires().contains(GradientSource.RETAIN_KL)) {
        gradients.put(GradientSource.RETAIN_KL, kl.statistics(theta, retain.features()).meanGradient());
      }
      if (rule.requires().contains(GradientSource.FORGET_KL)) {
        gradients.put(GradientSource.FORGET_KL, kl.statistics(theta, forget.features()).meanGradient());
      }
      StepPlan plan = rule.plan(StepInputs.of(gradients));
      plan.delta().ifPresent(theta::addInPlace);
      history.add(new IterationRecord(it, retainStats.meanObjective(), accuracy(retainStats),
          forgetStats.meanObjective(), accuracy(forgetStats), plan, System.nanoTime() - start));
      if (!plan.apply()) {
        reason = switch (plan.stopReason()) {
          case STOPPING_CRITERION -> RunStopReason.STOPPING_CRITERION;
          case INFEASIBLE -> RunStopReason.INFEASIBLE;
          case NONE -> throw new IllegalStateException("a plan with stop reason NONE must be applied");
        };
        break;
      }
    }
    return new UnlearningResult(theta, reason, history);
  }

  private double accuracy(BatchStatistics s) {
    return model.architecture().numClasses() == 0 ? Double.NaN : s.accuracy();
  }
}
