package ai.hamu.core.plan;

import ai.hamu.core.model.ParameterBlocks;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The batch-mean gradients for one step, by source. Rules ask for the sources they need ({@link
 * UpdateRule#requires()}); {@link #get} names a missing one in its error.
 */
public final class StepInputs {

  private final Map<GradientSource, ParameterBlocks> gradients;

  private StepInputs(Map<GradientSource, ParameterBlocks> gradients) {
    this.gradients = gradients;
  }

  /** Inputs holding the given gradients (not copied), which must share one block layout. */
  public static StepInputs of(Map<GradientSource, ParameterBlocks> gradients) {
    Map<GradientSource, ParameterBlocks> copy = new EnumMap<>(GradientSource.class);
    ParameterBlocks first = null;
    for (Map.Entry<GradientSource, ParameterBlocks> e : gradients.entrySet()) {
      ParameterBlocks g = Objects.requireNonNull(e.getValue(), e.getKey().name());
      if (first != null) {
        first.requireSameLayout(g);
      }
      first = first == null ? g : first;
      copy.put(e.getKey(), g);
    }
    return new StepInputs(copy);
  }

  /** Inputs with the retain and forget loss gradients only. */
  public static StepInputs ofLosses(ParameterBlocks retainLoss, ParameterBlocks forgetLoss) {
    return of(
        Map.of(GradientSource.RETAIN_LOSS, retainLoss, GradientSource.FORGET_LOSS, forgetLoss));
  }

  /** Whether the gradient of {@code source} is present. */
  public boolean has(GradientSource source) {
    return gradients.containsKey(source);
  }

  /** The gradient of {@code source}. */
  public ParameterBlocks get(GradientSource source) {
    ParameterBlocks g = gradients.get(source);
    if (g == null) {
      throw new IllegalArgumentException(
          "step input " + source + " is required but missing; present: " + gradients.keySet());
    }
    return g;
  }
}
