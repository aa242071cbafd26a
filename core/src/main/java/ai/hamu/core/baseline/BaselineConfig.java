package ai.hamu.core.baseline;

import java.util.Objects;

/**
 * Settings of a baseline rule, validated on construction.
 *
 * @param baseline which rule
 * @param learningRate lr > 0 of θ ← θ − lr·G
 * @param maxGradNorm each input gradient is clipped to this global L2 norm; {@code +∞} disables it
 *     (default 1.0)
 * @param scrubAlpha SCRUB's weight α on the retain KL (default 0.001, the reference CLI default)
 * @param scrubGamma SCRUB's weight γ on the retain loss (default 0.99)
 * @param projectionSign GRU/PCGrad conflict test (default {@link ProjectionSign#TEXTBOOK})
 */
public record BaselineConfig(
    Baseline baseline,
    double learningRate,
    double maxGradNorm,
    double scrubAlpha,
    double scrubGamma,
    ProjectionSign projectionSign) {

  /** The default conflict test of GRU and PCGrad: the published rule. */
  public static final ProjectionSign DEFAULT_PROJECTION_SIGN = ProjectionSign.TEXTBOOK;

  public BaselineConfig {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(projectionSign, "projectionSign");
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learningRate: expected a finite value > 0, got " + learningRate);
    }
    if (!(maxGradNorm > 0)) {
      throw new IllegalArgumentException(
          "maxGradNorm: expected a value > 0 (or +Infinity), got " + maxGradNorm);
    }
    if (!(scrubAlpha >= 0) || Double.isInfinite(scrubAlpha)) {
      throw new IllegalArgumentException(
          "scrubAlpha: expected a finite value >= 0, got " + scrubAlpha);
    }
    if (!(scrubGamma >= 0) || Double.isInfinite(scrubGamma)) {
      throw new IllegalArgumentException(
          "scrubGamma: expected a finite value >= 0, got " + scrubGamma);
    }
  }

  /** Defaults for a baseline at learning rate {@code lr}. */
  public static BaselineConfig defaults(Baseline baseline, double learningRate) {
    return new BaselineConfig(baseline, learningRate, 1.0, 0.001, 0.99, DEFAULT_PROJECTION_SIGN);
  }

  /** The same settings with another conflict test. */
  public BaselineConfig withProjectionSign(ProjectionSign sign) {
    return new BaselineConfig(baseline, learningRate, maxGradNorm, scrubAlpha, scrubGamma, sign);
  }
}
