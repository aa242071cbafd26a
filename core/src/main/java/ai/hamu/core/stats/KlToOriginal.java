package ai.hamu.core.stats;

import ai.hamu.core.model.Model;
import ai.hamu.core.model.ParameterBlocks;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * KL(p_original ‖ p_model) statistics against a frozen original model, for the kl and scrub
 * baselines: the original model's outputs on a batch are computed and the current model's KL sum
 * and per-block gradient sums returned.
 */
public final class KlToOriginal {

  private final Model model;
  private final ParameterBlocks original;

  /**
   * KL against {@code original} weights of {@code model} (not copied: callers must not mutate
   * them).
   */
  public KlToOriginal(Model model, ParameterBlocks original) {
    this.model = Objects.requireNonNull(model, "model");
    this.original = Objects.requireNonNull(original, "original");
  }

  /** KL sum and gradient sums of the current weights over the rows of {@code features}. */
  public BatchStatistics statistics(ParameterBlocks current, INDArray features) {
    return model.klStatistics(current, features, model.outputs(original, features));
  }
}
