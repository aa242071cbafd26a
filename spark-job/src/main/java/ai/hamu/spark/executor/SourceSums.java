package ai.hamu.spark.executor;

import ai.hamu.core.model.BlockSpec;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.stats.BatchStatistics;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;

/**
 * A mutable, serializable running sum of {@link BatchStatistics} for one gradient source. The
 * gradient sum is held as ND4J blocks and added to block by block with in-place ND4J additions;
 * only serialization flattens it (the layout of {@link ParameterBlocks#toFlatArray()}), once per
 * partial rather than once per row block.
 */
public final class SourceSums implements Serializable {

  private final List<BlockSpec> blocks;
  private double objectiveSum;
  private long exampleCount;
  private long correctCount;
  private transient ParameterBlocks gradientSum;

  /** Zero sums for a model with the given block layout. */
  public SourceSums(List<BlockSpec> blocks) {
    this.blocks = List.copyOf(blocks);
    this.gradientSum = ParameterBlocks.zeros(this.blocks);
  }

  /** Adds one batch's statistics. */
  public void add(BatchStatistics s) {
    objectiveSum += s.objectiveSum();
    exampleCount += s.exampleCount();
    correctCount += s.correctCount();
    gradientSum.addInPlace(s.gradientSum());
  }

  /** Adds another running sum (of the same model). */
  public void merge(SourceSums other) {
    if (!other.blocks.equals(blocks)) {
      throw new IllegalArgumentException(
          "cannot merge sums of blocks " + other.blocks + " into sums of blocks " + blocks);
    }
    objectiveSum += other.objectiveSum;
    exampleCount += other.exampleCount;
    correctCount += other.correctCount;
    gradientSum.addInPlace(other.gradientSum);
  }

  /** The sums as core statistics; the gradient blocks are handed over, not copied. */
  public BatchStatistics toStatistics() {
    return new BatchStatistics(objectiveSum, gradientSum, exampleCount, correctCount);
  }

  /** Number of examples summed. */
  public long exampleCount() {
    return exampleCount;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeObject(gradientSum.toFlatArray());
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    gradientSum = ParameterBlocks.fromFlat(blocks, (double[]) in.readObject());
  }
}
