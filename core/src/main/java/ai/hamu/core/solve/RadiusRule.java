package ai.hamu.core.solve;

/**
 * How the trust-region radius R of a tensor is chosen (hamu-algorithm.md §2.1, §3.1). With {@link
 * LearningRateScaled}, R = lr·‖g_r‖, so the direct branch is exactly one SGD step on the retain
 * loss; with {@link Fixed}, every tensor gets the same R and the internal step scale is 1.
 */
public sealed interface RadiusRule {

  /** R for a tensor whose effective retain gradient has norm {@code retainNorm}. */
  double radius(double retainNorm);

  /**
   * The learning rate lr (1.0 for a fixed radius): the stopping threshold is B/lr and the
   * equivalent gradient −δ/lr.
   */
  double stepScale();

  /** R = lr·‖g_r‖ (the default). */
  record LearningRateScaled(double learningRate) implements RadiusRule {
    public LearningRateScaled {
      if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
        throw new IllegalArgumentException(
            "learningRate: expected a finite value > 0, got " + learningRate);
      }
    }

    @Override
    public double radius(double retainNorm) {
      return learningRate * retainNorm;
    }

    @Override
    public double stepScale() {
      return learningRate;
    }
  }

  /** The same R for every tensor. */
  record Fixed(double radius) implements RadiusRule {
    public Fixed {
      if (!(radius > 0) || Double.isInfinite(radius)) {
        throw new IllegalArgumentException("radius: expected a finite value > 0, got " + radius);
      }
    }

    @Override
    public double radius(double retainNorm) {
      return radius;
    }

    @Override
    public double stepScale() {
      return 1.0;
    }
  }
}
