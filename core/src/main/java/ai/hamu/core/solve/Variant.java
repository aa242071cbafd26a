package ai.hamu.core.solve;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The two HAMU problems (hamu-algorithm.md §2). HAMU-U is solved as HAMU-Q on the swapped and
 * negated gradients (g_r, g_f) → (−g_f, −g_r); every HAMU quantity (norms, dot product, radius,
 * stopping term) is computed on these <em>effective</em> gradients.
 */
public enum Variant {
  /** Guarantee a first-order forget-loss increase of B at the least first-order retain cost. */
  HAMU_Q(1.0),
  /** Guarantee a first-order retain-loss decrease of B with the largest forget-loss increase. */
  HAMU_U(0.1);

  private final double benchLearningRate;

  Variant(double benchLearningRate) {
    this.benchLearningRate = benchLearningRate;
  }

  /**
   * The learning rate the bench runs it at: the one its tuning sweep chose on a seed outside the
   * grid ({@code bin/hamu bench --tune}, docs/results.md). The job's defaults do not read it.
   */
  public double benchLearningRate() {
    return benchLearningRate;
  }

  /** The effective retain gradient: g_r for HAMU-Q, −g_f for HAMU-U (a new array for HAMU-U). */
  public INDArray effectiveRetain(INDArray gRetain, INDArray gForget) {
    return this == HAMU_Q ? gRetain : gForget.neg();
  }

  /** The effective forget gradient: g_f for HAMU-Q, −g_r for HAMU-U (a new array for HAMU-U). */
  public INDArray effectiveForget(INDArray gRetain, INDArray gForget) {
    return this == HAMU_Q ? gForget : gRetain.neg();
  }
}
