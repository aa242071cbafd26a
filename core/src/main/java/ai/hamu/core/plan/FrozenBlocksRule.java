package ai.hamu.core.plan;

import ai.hamu.core.model.ParameterBlocks;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps some blocks fixed (for example the intercept of a model fitted without one): their
 * gradients are zeroed before the wrapped rule plans, so they take no part in the geometry or the
 * constraint split (a tensor without a forget gradient gets no share of B), and their update is
 * forced to zero.
 */
public final class FrozenBlocksRule implements UpdateRule {

  private final UpdateRule rule;
  private final List<String> frozen;

  /** Wraps {@code rule}, freezing the blocks named in {@code frozen}. */
  public FrozenBlocksRule(UpdateRule rule, List<String> frozen) {
    this.rule = Objects.requireNonNull(rule, "rule");
    this.frozen = List.copyOf(frozen);
  }

  /** {@code rule} itself when nothing is frozen, else the wrapper. */
  public static UpdateRule wrap(UpdateRule rule, List<String> frozen) {
    return frozen.isEmpty() ? rule : new FrozenBlocksRule(rule, frozen);
  }

  @Override
  public Set<GradientSource> requires() {
    return rule.requires();
  }

  @Override
  public StepPlan plan(StepInputs inputs) {
    Map<GradientSource, ParameterBlocks> masked = new EnumMap<>(GradientSource.class);
    for (GradientSource s : rule.requires()) {
      masked.put(s, zeroFrozen(inputs.get(s).copy()));
    }
    StepPlan plan = rule.plan(StepInputs.of(masked));
    Optional<ParameterBlocks> delta = plan.delta().map(this::zeroFrozen);
    return new StepPlan(plan.stopReason(), delta, plan.tensors(), plan.summary());
  }

  private ParameterBlocks zeroFrozen(ParameterBlocks blocks) {
    for (String name : frozen) {
      blocks.get(name).assign(0.0);
    }
    return blocks;
  }
}
