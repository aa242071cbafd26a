package ai.hamu.core.metrics;

import ai.hamu.core.data.LabeledData;
import ai.hamu.core.model.Model;
import ai.hamu.core.model.ParameterBlocks;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model's loss and accuracy on one split of the rows (forget, retain or test), with the
 * per-example losses of those rows — all of them, or a sample when a split is too large to hold in
 * one place: the input of every split metric and of the membership-inference attack. Mean loss and
 * accuracy always cover every row of the split.
 *
 * @param rows rows in the split
 * @param lossSum sum of the per-example losses over every row of the split
 * @param correctRows rows classified correctly (0 for regression)
 * @param classifier whether accuracy is defined (false for regression)
 * @param losses per-example losses of every row, or of a sample of the rows (not copied: callers
 *     must not modify it)
 */
public record SplitLosses(
    long rows, double lossSum, long correctRows, boolean classifier, double[] losses) {

  public SplitLosses {
    Objects.requireNonNull(losses, "losses");
    if (rows < 0) {
      throw new IllegalArgumentException("rows: expected a count >= 0, got " + rows);
    }
    if (correctRows < 0 || correctRows > rows) {
      throw new IllegalArgumentException(
          "correctRows: expected a count in [0, " + rows + "], got " + correctRows);
    }
    if (losses.length > rows) {
      throw new IllegalArgumentException(
          "losses: expected at most one per row (" + rows + "), got " + losses.length);
    }
  }

  /** The split whose every row's loss is in {@code losses}. */
  public SplitLosses(double[] losses, long correctRows, boolean classifier) {
    this(losses.length, sum(losses), correctRows, classifier, losses);
  }

  /**
   * The losses and correct count of {@code weights} of {@code model} on {@code rows}, computed per
   * block of rows.
   */
  public static SplitLosses of(Model model, ParameterBlocks weights, LabeledData rows) {
    double[] losses =
        model.perExampleLoss(weights, rows.features(), rows.labels()).toDoubleVector();
    boolean classifier = model.architecture().numClasses() > 0;
    long correct = 0;
    if (classifier && rows.size() > 0) {
      INDArray predicted = model.predict(weights, rows.features());
      correct =
          predicted.eq(rows.labels()).castTo(rows.labels().dataType()).sumNumber().longValue();
    }
    return new SplitLosses(losses, correct, classifier);
  }

  /** Mean loss over the rows. */
  public double meanLoss() {
    requireRows();
    return lossSum / rows;
  }

  /** Fraction of rows classified correctly; NaN for regression. */
  public double accuracy() {
    requireRows();
    return classifier ? (double) correctRows / rows : Double.NaN;
  }

  private void requireRows() {
    if (rows == 0) {
      throw new IllegalStateException(
          "no rows in this split: its mean loss and accuracy are undefined");
    }
  }

  private static double sum(double[] losses) {
    double sum = 0;
    for (double v : Objects.requireNonNull(losses, "losses")) {
      sum += v;
    }
    return sum;
  }
}
