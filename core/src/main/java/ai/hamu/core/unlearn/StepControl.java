package ai.hamu.core.unlearn;

import ai.hamu.core.config.ConfigChoice;
import java.util.Objects;

/**
 * How the loop sizes the steps the update rule plans, and how much damage to the retained rows it
 * accepts.
 *
 * <p>{@link Mode#AS_PLANNED} applies δ exactly as planned (the reference's behaviour): the step's
 * length is the rule's own, e.g. R = lr·‖g_r‖ for HAMU, which vanishes on a model that fits its
 * training rows, since its full-batch gradients do. {@link Mode#TRUST_REGION} keeps the rule's
 * direction and sets the length: a trust radius Δ in parameter space, starting at {@code
 * initialRadius}·‖θ₀‖ and adapted from what each step achieved, measured by the next iteration's
 * statistics — doubled when the realised forget-loss change was at least half the first-order
 * prediction, halved when it was under a tenth; a step after which the retained rows lost more than
 * {@code retainTolerance} of accuracy, or the forgotten rows overshot the target, is undone and Δ
 * is quartered. HAMU's update is homogeneous in its radius and constraint, so the scaled step
 * solves the same problem with both scaled: its per-step guarantee and κ are unchanged.
 *
 * <p>{@link Metric#RETAIN_FISHER} has the rule plan its direction in the metric of the retained
 * rows' curvature ({@link DiagonalMetric}), where a step of given length costs them about the same
 * whatever its direction; {@link Metric#EUCLIDEAN} plans it in plain parameter space.
 *
 * @param mode as planned, or trust-region
 * @param metric TRUST_REGION: the geometry the direction is planned in (RETAIN_FISHER applies to
 *     forget sets with a class no retained row has, given held-out rows of a retained class; other
 *     runs are planned in EUCLIDEAN)
 * @param initialRadius TRUST_REGION: the first radius as a fraction of ‖θ₀‖ (> 0)
 * @param retainTolerance largest accepted loss of retain accuracy (and held-out accuracy of
 *     retained classes) against the original model, in [0, 1); for regression, the largest accepted
 *     relative rise of the mean retain loss. TRUST_REGION undoes steps beyond it; in both modes a
 *     model beyond it is never called forgotten
 */
public record StepControl(Mode mode, Metric metric, double initialRadius, double retainTolerance) {

  /** Whether δ is applied as planned or scaled to a trust radius. */
  public enum Mode implements ConfigChoice {
    /** δ as the rule planned it. */
    AS_PLANNED("as-planned"),
    /** δ's direction at the trust radius. */
    TRUST_REGION("trust-region");

    private final String configName;

    Mode(String configName) {
      this.configName = configName;
    }

    @Override
    public String configName() {
      return configName;
    }
  }

  /** The geometry in which the rule plans the step's direction. */
  public enum Metric implements ConfigChoice {
    /** Plain parameter space. */
    EUCLIDEAN("euclidean"),
    /** The diagonal Fisher information of held-out rows of retained classes, damped. */
    RETAIN_FISHER("retain-fisher");

    private final String configName;

    Metric(String configName) {
      this.configName = configName;
    }

    @Override
    public String configName() {
      return configName;
    }
  }

  /**
   * Factor on Δ after a step that achieved at least {@link #GOOD_RATIO} of its predicted forget
   * gain.
   */
  public static final double GROW = 2.0;

  /** Factor on Δ after a step that achieved less than {@link #POOR_RATIO} of it. */
  public static final double SHRINK = 0.5;

  /** Factor on Δ after a step that is undone. */
  public static final double UNDO = 0.25;

  /** Realised/predicted forget-gain ratio above which Δ grows. */
  public static final double GOOD_RATIO = 0.5;

  /** Realised/predicted forget-gain ratio below which Δ shrinks. */
  public static final double POOR_RATIO = 0.1;

  /** The run escalates once Δ falls below this fraction of the first radius. */
  public static final double COLLAPSE = 1e-3;

  /**
   * The defaults of the job: trust region from 1% of ‖θ₀‖ in parameter space, 1 point of retain
   * accuracy.
   */
  public static final StepControl DEFAULT =
      new StepControl(Mode.TRUST_REGION, Metric.EUCLIDEAN, 0.01, 0.01);

  /**
   * Steps as planned (the reference's loop): nothing is undone, and a final model that lost more
   * than 1 point of retain accuracy is still never called forgotten.
   */
  public static final StepControl AS_PLANNED =
      new StepControl(Mode.AS_PLANNED, Metric.EUCLIDEAN, 0.01, 0.01);

  public StepControl {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(metric, "metric");
    if (!(initialRadius > 0) || Double.isInfinite(initialRadius)) {
      throw new IllegalArgumentException(
          "initialRadius: expected a finite number > 0, got " + initialRadius);
    }
    if (!(retainTolerance >= 0)) {
      throw new IllegalArgumentException(
          "retainTolerance: expected a number >= 0, got " + retainTolerance);
    }
  }

  /** Whether steps are scaled to a trust radius. */
  public boolean trustRegion() {
    return mode == Mode.TRUST_REGION;
  }
}
