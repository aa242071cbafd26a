package ai.hamu.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A block of rows prepared once by {@link Model#prepare} for repeated evaluation: the features as a
 * double matrix, the labels as a double vector, and the output head's targets (one-hot rows for
 * classifiers), with every label already checked. Callers that evaluate the same rows in every
 * iteration keep this instead of rebuilding the targets and re-checking the labels each time.
 */
public final class LabeledRows {

  private final Architecture architecture;
  private final INDArray features;
  private final INDArray labels;
  private final INDArray targets;

  LabeledRows(Architecture architecture, INDArray features, INDArray labels, INDArray targets) {
    this.architecture = architecture;
    this.features = features;
    this.labels = labels;
    this.targets = targets;
  }

  /** The architecture whose head the targets were built for. */
  public Architecture architecture() {
    return architecture;
  }

  /** {@code [n x d]} double features. */
  public INDArray features() {
    return features;
  }

  /** {@code [n]} double labels. */
  public INDArray labels() {
    return labels;
  }

  /** The head's targets, {@code [n x k]} ({@code [n x 1]} for regression). */
  public INDArray targets() {
    return targets;
  }

  /**
   * The rows at {@code indices}, in that order (copies, in the current workspace if one is open).
   */
  public LabeledRows rowsAt(int[] indices) {
    return new LabeledRows(
        architecture,
        features.getRows(indices),
        labels.reshape(labels.length(), 1).getRows(indices).reshape(indices.length),
        targets.getRows(indices));
  }

  /** Number of rows. */
  public long rows() {
    return features.rows();
  }
}
