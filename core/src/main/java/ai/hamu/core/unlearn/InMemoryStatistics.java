package ai.hamu.core.unlearn;

import ai.hamu.core.data.LabeledData;
import ai.hamu.core.model.LabeledRows;
import ai.hamu.core.model.LossCap;
import ai.hamu.core.model.Model;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.stats.BatchStatistics;
import ai.hamu.core.stats.KlToOriginal;
import ai.hamu.core.stats.ScratchWorkspace;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nd4j.linalg.api.memory.MemoryWorkspace;

/** Full-batch statistics over retain and forget rows held in memory, in one process. */
public final class InMemoryStatistics implements StatisticsSource {

  private final Model model;
  private final LabeledData retain;
  private final LabeledData forget;
  private final KlToOriginal kl;
  private final LabeledRows retainRows;
  private final LabeledRows forgetRows;
  private final LossCap forgetLossCap;

  /** Statistics of {@code model} on the given rows; KL is measured against {@code original}. */
  public InMemoryStatistics(
      Model model, ParameterBlocks original, LabeledData retain, LabeledData forget) {
    this(model, original, retain, forget, LossCap.NONE);
  }

  /**
   * As above, with the loss of every forget row capped by {@code forgetLossCap} ({@link
   * Model#lossStatistics(ParameterBlocks, LabeledRows, LossCap)}).
   */
  public InMemoryStatistics(
      Model model,
      ParameterBlocks original,
      LabeledData retain,
      LabeledData forget,
      LossCap forgetLossCap) {
    this.model = Objects.requireNonNull(model, "model");
    this.retain = Objects.requireNonNull(retain, "retain");
    this.forget = Objects.requireNonNull(forget, "forget");
    this.kl = new KlToOriginal(model, original);
    this.retainRows = model.prepare(retain.features(), retain.labels());
    this.forgetRows = model.prepare(forget.features(), forget.labels());
    this.forgetLossCap = Objects.requireNonNull(forgetLossCap, "forgetLossCap");
  }

  @SuppressWarnings("try") // the workspace is a scope: its variable is never read
  @Override
  public Map<GradientSource, BatchStatistics> compute(
      ParameterBlocks theta, Set<GradientSource> sources, int iteration) {
    Map<GradientSource, BatchStatistics> out = new EnumMap<>(GradientSource.class);
    for (GradientSource s : sources) {
      try (MemoryWorkspace scratch = ScratchWorkspace.open()) {
        out.put(
            s,
            ScratchWorkspace.detached(
                switch (s) {
                  case RETAIN_LOSS -> model.lossStatistics(theta, retainRows);
                  case FORGET_LOSS -> model.lossStatistics(theta, forgetRows, forgetLossCap);
                  case RETAIN_KL -> kl.statistics(theta, retain.features());
                  case FORGET_KL -> kl.statistics(theta, forget.features());
                }));
      }
    }
    return out;
  }
}
