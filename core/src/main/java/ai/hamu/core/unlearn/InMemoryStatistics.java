package ai.hamu.core.unlearn;

import ai.hamu.core.data.LabeledData;
import ai.hamu.core.model.Model;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.stats.BatchStatistics;
import ai.hamu.core.stats.KlToOriginal;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Full-batch statistics over retain and forget rows held in memory, in one process. */
public final class InMemoryStatistics implements StatisticsSource {

  private final Model model;
  private final LabeledData retain;
  private final LabeledData forget;
  private final KlToOriginal kl;

  /** Statistics of {@code model} on the given rows; KL is measured against {@code original}. */
  public InMemoryStatistics(Model model, ParameterBlocks original, LabeledData retain, LabeledData forget) {
    this.model = Objects.requireNonNull(model, "model");
    this.retain = Objects.requireNonNull(retain, "retain");
    this.forget = Objects.requireNonNull(forget, "forget");
    this.kl = new KlToOriginal(model, original);
  }

  @Override
  public Map<GradientSource, BatchStatistics> compute(ParameterBlocks theta, Set<GradientSource> sources,
      int iteration) {
    Map<GradientSource, BatchStatistics> out = new EnumMap<>(GradientSource.class);
    for (GradientSource s : sources) {
      out.put(s, switch (s) {
        case RETAIN_LOSS -> model.lossStatistics(theta, retain.features(), retain.labels());
        case FORGET_LOSS -> model.lossStatistics(theta, forget.features(), forget.labels());
        case RETAIN_KL -> kl.statistics(theta, retain.features());
        case FORGET_KL -> kl.statistics(theta, forget.features());
      });
    }
    return out;
  }
}
