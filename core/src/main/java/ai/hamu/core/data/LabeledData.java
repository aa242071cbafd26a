package ai.hamu.core.data;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Rows of features {@code [n x d]} with one label each {@code [n]}, double precision, in memory.
 *
 * @param features feature matrix
 * @param labels class index or regression target per row
 */
public record LabeledData(INDArray features, INDArray labels) {

  public LabeledData {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(labels, "labels");
    if (features.rank() != 2 || labels.rank() != 1 || features.rows() != labels.length()) {
      throw new IllegalArgumentException(
          "expected features [n x d] and labels [n], got "
              + Arrays.toString(features.shape())
              + " and "
              + Arrays.toString(labels.shape()));
    }
    if (features.dataType() != DataType.DOUBLE || labels.dataType() != DataType.DOUBLE) {
      throw new IllegalArgumentException(
          "expected DOUBLE features and labels, got "
              + features.dataType()
              + " and "
              + labels.dataType());
    }
  }

  /** Number of rows. */
  public int size() {
    return (int) labels.length();
  }

  /** Number of feature columns. */
  public int numFeatures() {
    return features.columns();
  }

  /** The rows at {@code indices}, in that order (copied). */
  public LabeledData rows(int[] indices) {
    if (indices.length == 0) {
      return new LabeledData(
          Nd4j.zeros(DataType.DOUBLE, 0, numFeatures()), Nd4j.zeros(DataType.DOUBLE, 0));
    }
    long[] idx = Arrays.stream(indices).asLongStream().toArray();
    INDArray rowIndex = Nd4j.createFromArray(idx);
    return new LabeledData(Nd4j.pullRows(features, 1, indices), labels.get(rowIndex).dup());
  }
}
