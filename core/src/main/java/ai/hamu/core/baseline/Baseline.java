package ai.hamu.core.baseline;

import ai.hamu.core.plan.GradientSource;
import java.util.EnumSet;
import java.util.Set;

/**
 * The unlearning baselines of hamu-algorithm.md §8, each an equivalent-gradient rule G applied as θ
 * ← θ − lr·G, on gradients each clipped separately to the maximum norm.
 */
public enum Baseline {
  /** Fine-tune: G = g_r. */
  FT(EnumSet.of(GradientSource.RETAIN_LOSS), 3.0),
  /** Gradient ascent: G = −g_f. */
  GA(EnumSet.of(GradientSource.FORGET_LOSS), 0.1),
  /** Gradient difference: G = ½(g_r − g_f). */
  GDIFF(EnumSet.of(GradientSource.RETAIN_LOSS, GradientSource.FORGET_LOSS), 0.1),
  /** G = ½(∇KL_r − g_f), KL to the original model on retain rows. */
  KL(EnumSet.of(GradientSource.RETAIN_KL, GradientSource.FORGET_LOSS), 0.1),
  /** Single-step SCRUB: G = ½(α∇KL_r + γg_r − ∇KL_f). */
  SCRUB(
      EnumSet.of(GradientSource.RETAIN_KL, GradientSource.RETAIN_LOSS, GradientSource.FORGET_KL),
      0.3),
  /**
   * Gradient-rectified unlearning: pure forget ascent u = g_f, projected off g_r on conflict; G =
   * −u.
   */
  GRU(EnumSet.of(GradientSource.RETAIN_LOSS, GradientSource.FORGET_LOSS), 0.1),
  /**
   * PCGrad on the tasks a = g_r and b = −g_f: each projected off the other on conflict; G = ½(a' +
   * b').
   */
  PCGRAD(EnumSet.of(GradientSource.RETAIN_LOSS, GradientSource.FORGET_LOSS), 0.1);

  private final Set<GradientSource> requires;
  private final double benchLearningRate;

  Baseline(Set<GradientSource> requires, double benchLearningRate) {
    this.requires = requires;
    this.benchLearningRate = benchLearningRate;
  }

  /** The gradients the rule reads. */
  public Set<GradientSource> requires() {
    return EnumSet.copyOf(requires);
  }

  /**
   * The learning rate the bench runs it at: the one its tuning sweep chose on a seed outside the
   * grid ({@code bin/hamu bench --tune}, docs/results.md).
   */
  public double benchLearningRate() {
    return benchLearningRate;
  }
}
