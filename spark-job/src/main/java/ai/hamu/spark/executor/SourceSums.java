package ai.hamu.spark.executor;

import ai.hamu.core.model.BlockSpec;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.stats.BatchStatistics;
import java.io.Serializable;
import java.util.List;

/**
 * A mutable, serializable running sum of {@link BatchStatistics} for one gradient source, with the
 * gradient as one flat array (the layout of {@link ParameterBlocks#toFlatArray()}).
 */
public final class SourceSums implements Serializable {

  private double objectiveSum;
  private long exampleCount;
  private long correctCount;
  private final double[] gradientSum;

  /** Zero sums for a model of {@code parameterCount} parameters. */
  public SourceSums(int parameterCount) {
    this.gradientSum = new double[parameterCount];
  }

  /** Adds one batch's statistics. */
  public void add(BatchStatistics s) {
    objectiveSum += s.objectiveSum();
    exampleCount += s.exampleCount();
    correctCount += s.correctCount();
    addInPlace(gradientSum, s.gradientSum().toFlatArray());
  }

  /** Adds another running sum (of the same model). */
  public void merge(SourceSums other) {
    if (other.gradientSum.length != gradientSum.length) {
      throw new IllegalArgumentException("cannot merge sums of " + other.gradientSum.length + " parameters into sums of "
          + gradientSum.length);
    }
    objectiveSum += other.objectiveSum;
    exampleCount += other.exampleCount;
    correctCount += other.correctCount;
    addInPlace(gradientSum, other.gradientSum);
  }

  /** The sums as core statistics with the given block layout. */
  public BatchStatistics toStatistics(List<BlockSpec> blocks) {
    return new BatchStatistics(objectiveSum, ParameterBlocks.fromFlat(blocks, gradientSum), exampleCount,
        correctCount);
  }

  /** Number of examples summed. */
  public long exampleCount() {
    return exampleCount;
  }

  private static void addInPlace(double[] target, double[] values) {
    for (int i = 0; i < target.length; i++) {
      target[i] += values[i];
    }
  }
}
