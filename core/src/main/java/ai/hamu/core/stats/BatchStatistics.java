package ai.hamu.core.stats;

import ai.hamu.core.model.ParameterBlocks;
import java.util.Objects;

/**
 * Sums over a batch of examples of one objective (a loss or a KL divergence): the objective sum,
 * the per-block gradient sums, the example count and, for classifiers, the number of correct
 * predictions. Sums (not means) so that partial statistics from any split of the rows merge
 * exactly; {@link #meanGradient()} turns them into the batch-mean gradient.
 *
 * @param objectiveSum Σ per-example objective
 * @param gradientSum Σ per-example gradient, per parameter block
 * @param exampleCount number of examples
 * @param correctCount number of correctly classified examples (0 for regression and for KL)
 */
public record BatchStatistics(
    double objectiveSum, ParameterBlocks gradientSum, long exampleCount, long correctCount) {

  public BatchStatistics {
    Objects.requireNonNull(gradientSum, "gradientSum");
    if (exampleCount < 0 || correctCount < 0 || correctCount > exampleCount) {
      throw new IllegalArgumentException(
          "counts must satisfy 0 <= correct <= examples, got correct="
              + correctCount
              + " examples="
              + exampleCount);
    }
  }

  /** The sum of this and {@code other} as a new value (neither input is changed). */
  public BatchStatistics merge(BatchStatistics other) {
    return new BatchStatistics(
        objectiveSum + other.objectiveSum,
        gradientSum.copy().addInPlace(other.gradientSum),
        exampleCount + other.exampleCount,
        correctCount + other.correctCount);
  }

  /** Mean objective per example. */
  public double meanObjective() {
    requireExamples();
    return objectiveSum / exampleCount;
  }

  /** Fraction of examples classified correctly. */
  public double accuracy() {
    requireExamples();
    return (double) correctCount / exampleCount;
  }

  /** The batch-mean gradient Σ/n, a new instance. */
  public ParameterBlocks meanGradient() {
    requireExamples();
    return gradientSum.scaled(1.0 / exampleCount);
  }

  private void requireExamples() {
    if (exampleCount == 0) {
      throw new IllegalStateException("no examples in these statistics: a mean is undefined");
    }
  }
}
