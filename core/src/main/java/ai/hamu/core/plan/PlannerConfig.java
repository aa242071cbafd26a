package ai.hamu.core.plan;

import ai.hamu.core.hardness.StoppingMode;
import ai.hamu.core.solve.InfeasibilityPolicy;
import ai.hamu.core.solve.RadiusRule;
import ai.hamu.core.solve.Variant;
import java.util.Objects;

/**
 * Settings of the HAMU step planner, validated on construction. Defaults ({@link #builder}) follow
 * the reference experiments except where noted: lr radius, B = 0.5·lr, clipping to norm 1,
 * normalised gradient-norm split, per-tensor geometry, stop when infeasible, and the sign-aware
 * stopping criterion (the reference's form is {@link StoppingMode#REFERENCE}), logged but not
 * stopping unless {@code stopOnCriterion}. Start from {@link #builder}.
 *
 * @param variant HAMU-Q (default) or HAMU-U
 * @param constraintMode whether {@code constraint} is B itself or a feasibility target (default
 *     {@link ConstraintMode#ABSOLUTE})
 * @param constraint ABSOLUTE: the model-wide first-order gain B ≥ 0, at most R_max·maxGradNorm
 *     (with an lr radius: lr·maxGradNorm², i.e. a constraint ratio B/lr ≤ 1); FEASIBILITY_TARGET:
 *     the target c* in [0, 1]
 * @param radiusRule lr·‖g_r‖ (default) or a fixed R
 * @param maxGradNorm g_r and g_f are each clipped to this global L2 norm; {@code +∞} disables it
 *     (default 1.0)
 * @param split how B is split across tensors (default {@link
 *     ConstraintSplit#GRADIENT_NORM_PRODUCT})
 * @param normaliseSplit whether the split's weights are normalised to sum to one (default true)
 * @param fullGradient per-tensor (default) or model-wide geometry
 * @param policy infeasibility policy (default {@link InfeasibilityPolicy#STOP})
 * @param stoppingMode form of the stopping criterion (default {@link StoppingMode#SIGN_AWARE})
 * @param stopOnCriterion whether a met stopping criterion stops the run without applying the step
 *     (default false)
 */
public record PlannerConfig(
    Variant variant,
    ConstraintMode constraintMode,
    double constraint,
    RadiusRule radiusRule,
    double maxGradNorm,
    ConstraintSplit split,
    boolean normaliseSplit,
    FullGradientMode fullGradient,
    InfeasibilityPolicy policy,
    StoppingMode stoppingMode,
    boolean stopOnCriterion) {

  /** Default constraint ratio B/lr of the reference experiments. */
  public static final double DEFAULT_CONSTRAINT_RATIO = 0.5;

  public PlannerConfig {
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(constraintMode, "constraintMode");
    Objects.requireNonNull(radiusRule, "radiusRule");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(fullGradient, "fullGradient");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(stoppingMode, "stoppingMode");
    if (!(constraint >= 0) || Double.isInfinite(constraint)) {
      throw new IllegalArgumentException(
          "constraint: expected a finite value >= 0, got " + constraint);
    }
    if (!(maxGradNorm > 0)) {
      throw new IllegalArgumentException(
          "maxGradNorm: expected a value > 0 (or +Infinity to disable clipping), got "
              + maxGradNorm);
    }
    if (constraintMode == ConstraintMode.FEASIBILITY_TARGET) {
      if (constraint > 1) {
        throw new IllegalArgumentException(
            "constraint: expected a feasibility target in [0, 1], got " + constraint);
      }
    } else if (!Double.isInfinite(maxGradNorm)) {
      double maxRadius = radiusRule.radius(maxGradNorm);
      double limit = maxRadius * maxGradNorm;
      if (constraint > limit * (1 + 1e-12)) {
        throw new UnreachableConstraintException(constraint, limit, maxRadius, maxGradNorm);
      }
    }
  }

  /**
   * An absolute constraint B above the largest first-order gain a step can reach,
   * radius(maxGradNorm)·maxGradNorm. {@link #limit()} carries that bound, so that a caller whose
   * settings are in other units (the job's constraint ratio B/lr) can state the range it accepts.
   */
  public static final class UnreachableConstraintException extends IllegalArgumentException {

    private final double limit;

    private UnreachableConstraintException(
        double constraint, double limit, double maxRadius, double maxGradNorm) {
      super(
          "constraint: expected <= "
              + limit
              + " (the largest first-order gain "
              + "reachable with radius "
              + maxRadius
              + " and clipped gradients of norm "
              + maxGradNorm
              + "; with an lr radius, a constraint ratio B/lr <= maxGradNorm²), got "
              + constraint);
      this.limit = limit;
    }

    /** The largest B accepted: radius(maxGradNorm)·maxGradNorm. */
    public double limit() {
      return limit;
    }
  }

  /**
   * A builder starting from the reference algorithm's settings for learning rate {@code
   * learningRate} (absolute B = 0.5·lr, lr radius: hamu-algorithm.md §9), which the solver's tests
   * compare with the reference. The product's defaults (the job's, the estimator's, the bench's
   * {@code hamu-defaults}) differ only in the constraint, a feasibility target: {@link
   * ai.hamu.core.unlearn.UnlearningDefaults#planner()}.
   */
  public static Builder builder(double learningRate) {
    return new Builder(learningRate);
  }

  /** Fluent construction of a {@link PlannerConfig}; {@link #build} validates. */
  public static final class Builder {
    private Variant variant = Variant.HAMU_Q;
    private ConstraintMode constraintMode = ConstraintMode.ABSOLUTE;
    private double constraint;
    private RadiusRule radiusRule;
    private double maxGradNorm = 1.0;
    private ConstraintSplit split = ConstraintSplit.GRADIENT_NORM_PRODUCT;
    private boolean normaliseSplit = true;
    private FullGradientMode fullGradient = FullGradientMode.OFF;
    private InfeasibilityPolicy policy = InfeasibilityPolicy.STOP;
    private StoppingMode stoppingMode = StoppingMode.SIGN_AWARE;
    private boolean stopOnCriterion;

    private Builder(double learningRate) {
      this.radiusRule = new RadiusRule.LearningRateScaled(learningRate);
      this.constraint = DEFAULT_CONSTRAINT_RATIO * learningRate;
    }

    public Builder variant(Variant v) {
      this.variant = v;
      return this;
    }

    /** The absolute constraint B. */
    public Builder constraint(double b) {
      this.constraintMode = ConstraintMode.ABSOLUTE;
      this.constraint = b;
      return this;
    }

    /**
     * B set each step to {@code target} times the reachable first-order gain (see {@link
     * ConstraintMode}).
     */
    public Builder feasibilityTarget(double target) {
      this.constraintMode = ConstraintMode.FEASIBILITY_TARGET;
      this.constraint = target;
      return this;
    }

    public Builder radiusRule(RadiusRule r) {
      this.radiusRule = r;
      return this;
    }

    public Builder maxGradNorm(double m) {
      this.maxGradNorm = m;
      return this;
    }

    public Builder split(ConstraintSplit s, boolean normalise) {
      this.split = s;
      this.normaliseSplit = normalise;
      return this;
    }

    public Builder fullGradient(FullGradientMode m) {
      this.fullGradient = m;
      return this;
    }

    public Builder policy(InfeasibilityPolicy p) {
      this.policy = p;
      return this;
    }

    public Builder stoppingMode(StoppingMode m) {
      this.stoppingMode = m;
      return this;
    }

    public Builder stopOnCriterion(boolean stop) {
      this.stopOnCriterion = stop;
      return this;
    }

    public PlannerConfig build() {
      return new PlannerConfig(
          variant,
          constraintMode,
          constraint,
          radiusRule,
          maxGradNorm,
          split,
          normaliseSplit,
          fullGradient,
          policy,
          stoppingMode,
          stopOnCriterion);
    }
  }
}
