package ai.hamu.spark.executor;

import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.stats.ScratchWorkspace;
import java.io.Serializable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The original model's outputs on the rows of one {@link RowBlock}, row-major: the fixed target of
 * the KL-to-original statistics. The original weights never change during a run, so these are
 * computed once when the blocks are cached instead of by a forward pass in every iteration; like
 * the block, a cached instance keeps its ND4J form from {@link #matrix} between iterations.
 */
public final class OriginalOutputs implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int rows;
  private final int columns;
  private final double[] values;
  private transient INDArray matrix;

  /**
   * @param rows number of rows (those of the block)
   * @param columns outputs per row
   * @param values row-major {@code rows x columns} outputs
   */
  public OriginalOutputs(int rows, int columns, double[] values) {
    if (values.length != rows * columns) {
      throw new IllegalArgumentException(
          "original outputs of "
              + rows
              + " x "
              + columns
              + ": expected "
              + rows * columns
              + " values, got "
              + values.length);
    }
    this.rows = rows;
    this.columns = columns;
    this.values = values;
  }

  /** Number of rows. */
  public int rows() {
    return rows;
  }

  /** Outputs per row. */
  public int columns() {
    return columns;
  }

  /** Row-major {@code rows x columns} outputs (the instance's own array: do not modify). */
  public double[] values() {
    return values;
  }

  /** The outputs of {@code model} at {@code original} on the rows of {@code block}. */
  public static OriginalOutputs of(
      FeedForwardModel model, ParameterBlocks original, RowBlock block) {
    INDArray out = model.outputs(original, block.featureMatrix());
    return new OriginalOutputs(block.rows(), out.columns(), out.dup('c').data().asDouble());
  }

  /**
   * The outputs as an {@code [rows x columns]} matrix, copied on the first call and kept (do not
   * modify).
   */
  public synchronized INDArray matrix() {
    if (matrix == null) {
      matrix =
          ScratchWorkspace.outside(
              () -> Nd4j.create(values, new long[] {rows, columns}, DataType.DOUBLE));
    }
    return matrix;
  }
}
