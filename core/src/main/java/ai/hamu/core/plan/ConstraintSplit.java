package ai.hamu.core.plan;

import ai.hamu.core.config.ConfigChoice;
import ai.hamu.core.hardness.TensorGeometry;
import java.util.List;

/**
 * How the model-wide constraint B is split into per-tensor constraints B_l (hamu-algorithm.md §5).
 * With normalisation the B_l sum to B; without it they are B times the raw weights, and the
 * stopping criterion compares against their sum. A tensor whose forget gradient is zero (frozen, or
 * not reached by the forget rows) can gain nothing and gets B_l = 0 in every split; the others
 * share B (the reference would give it B/n or its softmax share and then fail as infeasible). Every
 * share is finite: an un-normalised softmax share that overflows saturates (see {@link
 * #distribute}).
 */
public enum ConstraintSplit implements ConfigChoice {
  /** B_l = B/n. (Normalisation does not apply.) */
  EQUAL("equal"),
  /**
   * B_l ∝ ‖g_r,l‖‖g_f,l‖ (the default, and the reference's experiments): with an lr radius every
   * tensor then has the same feasibility ratio c.
   */
  GRADIENT_NORM_PRODUCT("grad-norm"),
  /**
   * B_l ∝ exp(−g_r,l·g_f,l), a softmax over the negative raw dot products: less conflicted tensors
   * get more.
   */
  SOFTMAX_NEGATIVE_DOT("softmax-dot");

  private final String configName;

  ConstraintSplit(String configName) {
    this.configName = configName;
  }

  @Override
  public String configName() {
    return configName;
  }

  /** The per-tensor constraints for effective-gradient geometries {@code tensors}. */
  public double[] distribute(List<TensorGeometry> tensors, double constraint, boolean normalise) {
    int n = tensors.size();
    double[] split = new double[n];
    int active = 0;
    for (TensorGeometry g : tensors) {
      active += g.canGain() ? 1 : 0;
    }
    if (active == 0) {
      return split;
    }
    switch (this) {
      case EQUAL -> {
        for (int l = 0; l < n; l++) {
          split[l] = tensors.get(l).canGain() ? constraint / active : 0;
        }
      }
      case GRADIENT_NORM_PRODUCT -> {
        double total = 0;
        for (int l = 0; l < n; l++) {
          split[l] = tensors.get(l).retainNorm() * tensors.get(l).forgetNorm();
          total += split[l];
        }
        scale(split, normalise ? constraint / Math.max(total, TensorGeometry.EPS) : constraint);
      }
      case SOFTMAX_NEGATIVE_DOT -> {
        if (normalise) {
          // softmax with the largest exponent subtracted: no overflow for any dot product
          double max = Double.NEGATIVE_INFINITY;
          for (TensorGeometry g : tensors) {
            max = g.canGain() ? Math.max(max, -g.dot()) : max;
          }
          double total = 0;
          for (int l = 0; l < n; l++) {
            split[l] = tensors.get(l).canGain() ? Math.exp(-tensors.get(l).dot() - max) : 0;
            total += split[l];
          }
          scale(split, constraint / total);
        } else {
          // without clipping dp is unbounded and B·exp(−dp) can overflow: such a share saturates at
          // the largest double over n, so that the shares and their sum stay finite; no radius
          // reaches it, so its tensor is infeasible, as the exact value would make it
          double cap = Double.MAX_VALUE / n;
          for (int l = 0; l < n; l++) {
            // B = 0 asks for nothing, also where exp(−dp) overflows (0·∞ would be NaN)
            double share = constraint == 0 ? 0 : constraint * Math.exp(-tensors.get(l).dot());
            split[l] = tensors.get(l).canGain() ? Math.min(share, cap) : 0;
          }
        }
      }
    }
    return split;
  }

  /** Whether a tensor has a forget gradient at all (‖g_f‖² ≥ ε, the solver's zero test). */
  private static void scale(double[] values, double factor) {
    for (int i = 0; i < values.length; i++) {
      values[i] *= factor;
    }
  }
}
