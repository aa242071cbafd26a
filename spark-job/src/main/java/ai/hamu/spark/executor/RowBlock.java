package ai.hamu.spark.executor;

import java.io.Serializable;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Up to a few thousand rows of one kind (all retain or all forget) packed into flat arrays: the
 * unit executors cache and turn into one ND4J matrix per iteration, so no per-row objects or
 * per-row math exist in the hot path.
 *
 * @param rows     number of rows
 * @param columns  number of features
 * @param features row-major {@code rows x columns} values
 * @param labels   one label per row
 * @param forget   whether these rows are to be forgotten
 */
public record RowBlock(int rows, int columns, double[] features, double[] labels, boolean forget)
    implements Serializable {

  public RowBlock {
    if (features.length != rows * columns || labels.length != rows) {
      throw new IllegalArgumentException("row block of " + rows + " x " + columns + ": expected "
          + rows * columns + " feature values and " + rows + " labels, got " + features.length + " and "
          + labels.length);
    }
  }

  /** The features as an {@code [rows x columns]} matrix (one copy). */
  public INDArray featureMatrix() {
    return Nd4j.create(features, new long[] {rows, columns}, DataType.DOUBLE);
  }

  /** The labels as an {@code [rows]} vector (one copy). */
  public INDArray labelVector() {
    return Nd4j.create(labels, new long[] {rows}, DataType.DOUBLE);
  }

  /**
   * A Bernoulli sample of the rows, each kept with probability {@code fraction}, drawn from
   * {@code random}; the block itself when {@code fraction >= 1}.
   */
  public RowBlock sample(double fraction, SplittableRandom random) {
    return fraction >= 1.0 ? this : rowsAt(sampleIndices(fraction, random));
  }

  /**
   * The indices of a Bernoulli sample of the rows, in increasing order, each kept with probability
   * {@code fraction < 1}, drawn from {@code random} (one draw per row).
   */
  public int[] sampleIndices(double fraction, SplittableRandom random) {
    int[] keep = new int[rows];
    int kept = 0;
    for (int i = 0; i < rows; i++) {
      if (random.nextDouble() < fraction) {
        keep[kept++] = i;
      }
    }
    return java.util.Arrays.copyOf(keep, kept);
  }

  /** The rows at {@code indices}, in that order. */
  public RowBlock rowsAt(int[] indices) {
    double[] f = new double[indices.length * columns];
    double[] y = new double[indices.length];
    for (int k = 0; k < indices.length; k++) {
      System.arraycopy(features, indices[k] * columns, f, k * columns, columns);
      y[k] = labels[indices[k]];
    }
    return new RowBlock(indices.length, columns, f, y, forget);
  }
}
