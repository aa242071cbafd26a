package ai.hamu.core.hardness;

import ai.hamu.core.model.Vectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The three numbers HAMU needs from a pair of gradients: ‖g_r‖, ‖g_f‖ and g_r·g_f, for one tensor
 * or (summed in squares) for the whole model.
 *
 * @param retainNorm ‖g_r‖
 * @param forgetNorm ‖g_f‖
 * @param dot g_r·g_f
 */
public record TensorGeometry(double retainNorm, double forgetNorm, double dot) {

  /** ε of the reference: the guard of every division and of the zero and colinear tests. */
  public static final double EPS = 1e-12;

  /** Geometry of two arrays of equal length read as flat vectors. */
  public static TensorGeometry of(INDArray gRetain, INDArray gForget) {
    return new TensorGeometry(
        Vectors.norm(gRetain), Vectors.norm(gForget), Vectors.dot(gRetain, gForget));
  }

  /**
   * ‖g_f‖², the one definition the solver and the constraint split compare with {@link #EPS} (the
   * reference sums g_f² directly; the two differ only by rounding, within an ulp of ε).
   */
  public double forgetNormSquared() {
    return forgetNorm * forgetNorm;
  }

  /** Whether a forget gain is reachable on this tensor: ‖g_f‖² ≥ ε. */
  public boolean canGain() {
    return forgetNormSquared() >= EPS;
  }

  /** κ = cos∠(g_r, g_f) = dp / max(‖g_r‖‖g_f‖, ε), clamped to [−1, 1]. */
  public double kappa() {
    double k = dot / Math.max(retainNorm * forgetNorm, EPS);
    return Math.max(-1.0, Math.min(1.0, k));
  }

  /** The angle between the gradients in degrees. */
  public double angleDegrees() {
    return Math.toDegrees(Math.acos(kappa()));
  }

  /** ‖g_r‖‖g_f‖·sin∠ = √max(‖g_r‖²‖g_f‖² − dp², 0). */
  public double crossNorm() {
    double r2 = retainNorm * retainNorm;
    double f2 = forgetNorm * forgetNorm;
    return Math.sqrt(Math.max(r2 * f2 - dot * dot, 0.0));
  }

  /** Combines per-tensor geometries into the geometry of the concatenated vectors. */
  public static TensorGeometry combine(Iterable<TensorGeometry> parts) {
    double r2 = 0;
    double f2 = 0;
    double d = 0;
    for (TensorGeometry g : parts) {
      r2 += g.retainNorm * g.retainNorm;
      f2 += g.forgetNorm * g.forgetNorm;
      d += g.dot;
    }
    return new TensorGeometry(Math.sqrt(r2), Math.sqrt(f2), d);
  }
}
