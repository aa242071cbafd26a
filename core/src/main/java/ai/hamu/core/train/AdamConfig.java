package ai.hamu.core.train;

/**
 * Settings of {@link AdamTrainer}, validated on construction.
 *
 * @param learningRate step size α > 0 (default 0.01)
 * @param beta1 first-moment decay in [0, 1) (default 0.9)
 * @param beta2 second-moment decay in [0, 1) (default 0.999)
 * @param epsilon denominator guard > 0 (default 1e-8)
 * @param epochs passes over the data ≥ 1
 * @param batchSize rows per step ≥ 1; a value ≥ the row count means full batch
 * @param seed seed of the per-epoch shuffles
 */
public record AdamConfig(
    double learningRate,
    double beta1,
    double beta2,
    double epsilon,
    int epochs,
    int batchSize,
    long seed) {

  public AdamConfig {
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learningRate: expected a finite value > 0, got " + learningRate);
    }
    if (!(beta1 >= 0 && beta1 < 1)) {
      throw new IllegalArgumentException("beta1: expected a value in [0, 1), got " + beta1);
    }
    if (!(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("beta2: expected a value in [0, 1), got " + beta2);
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("epsilon: expected a value > 0, got " + epsilon);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs: expected >= 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize: expected >= 1, got " + batchSize);
    }
  }

  /** Adam with the usual moments, {@code epochs} passes of mini-batches of {@code batchSize}. */
  public static AdamConfig of(double learningRate, int epochs, int batchSize, long seed) {
    return new AdamConfig(learningRate, 0.9, 0.999, 1e-8, epochs, batchSize, seed);
  }
}
