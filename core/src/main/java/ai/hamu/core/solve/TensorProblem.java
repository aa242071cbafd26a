package ai.hamu.core.solve;

import ai.hamu.core.hardness.TensorGeometry;
import java.util.Objects;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One tensor's HAMU problem: its raw retain and forget loss gradients, the per-tensor constraint B,
 * the radius rule and the infeasibility policy. The geometry used by the branch tests is normally
 * the tensor's own; in full-gradient mode the planner supplies the model-wide geometry instead
 * (and, for the exact global solution, the model-wide norm of g_⊥).
 *
 * @param variant HAMU-Q or HAMU-U
 * @param gRetain raw retain-loss gradient of this tensor (any shape)
 * @param gForget raw forget-loss gradient, same shape
 * @param constraint per-tensor B ≥ 0
 * @param radiusRule how R is chosen
 * @param policy what to do when infeasible
 * @param geometry effective-gradient geometry used for R, the thresholds and the coefficients
 * @param globalPerpNorm if present, ‖g_⊥‖ over all tensors, used instead of this tensor's own norm
 */
public record TensorProblem(
    Variant variant,
    INDArray gRetain,
    INDArray gForget,
    double constraint,
    RadiusRule radiusRule,
    InfeasibilityPolicy policy,
    TensorGeometry geometry,
    OptionalDouble globalPerpNorm) {

  public TensorProblem {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(gRetain, "gRetain");
    Objects.requireNonNull(gForget, "gForget");
    Objects.requireNonNull(radiusRule, "radiusRule");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(geometry, "geometry");
    Objects.requireNonNull(globalPerpNorm, "globalPerpNorm");
    if (gRetain.length() != gForget.length()) {
      throw new IllegalArgumentException(
          "gForget: expected "
              + gRetain.length()
              + " values like gRetain, got "
              + gForget.length());
    }
    if (!(constraint >= 0) || Double.isInfinite(constraint)) {
      throw new IllegalArgumentException(
          "constraint: expected a finite value >= 0, got " + constraint);
    }
  }

  /** A standalone per-tensor problem using the tensor's own geometry. */
  public static TensorProblem local(
      Variant variant,
      INDArray gRetain,
      INDArray gForget,
      double constraint,
      RadiusRule radiusRule,
      InfeasibilityPolicy policy) {
    TensorGeometry g =
        TensorGeometry.of(
            variant.effectiveRetain(gRetain, gForget), variant.effectiveForget(gRetain, gForget));
    return new TensorProblem(
        variant, gRetain, gForget, constraint, radiusRule, policy, g, OptionalDouble.empty());
  }
}
