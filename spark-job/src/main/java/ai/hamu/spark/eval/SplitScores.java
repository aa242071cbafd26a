package ai.hamu.spark.eval;

/**
 * Loss and accuracy of one model on one split of the rows.
 *
 * @param rows     rows in the split
 * @param accuracy fraction classified correctly (NaN for regression)
 * @param meanLoss mean per-example loss (cross-entropy, log loss, or ½ squared error)
 */
public record SplitScores(long rows, double accuracy, double meanLoss) {

  /** Component-wise {@code this − other}. */
  public SplitScores minus(SplitScores other) {
    return new SplitScores(rows - other.rows, accuracy - other.accuracy, meanLoss - other.meanLoss);
  }
}
