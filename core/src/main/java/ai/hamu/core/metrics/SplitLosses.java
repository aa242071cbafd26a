package ai.hamu.core.metrics;

import ai.hamu.core.data.LabeledData;
import ai.hamu.core.model.Model;
import ai.hamu.core.model.ParameterBlocks;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model's per-example losses on one split of the rows (forget, retain or test) and how many of
 * those rows it classifies correctly: the input of every split metric and of the
 * membership-inference attack.
 *
 * @param losses      loss of every row of the split (not copied: callers must not modify it)
 * @param correctRows rows classified correctly (0 for regression)
 * @param classifier  whether accuracy is defined (false for regression)
 */
public record SplitLosses(double[] losses, long correctRows, boolean classifier) {

  public SplitLosses {
    Objects.requireNonNull(losses, "losses");
    if (correctRows < 0 || correctRows > losses.length) {
      throw new IllegalArgumentException("correctRows: expected a count in [0, " + losses.length + "], got "
          + correctRows);
    }
  }

  /** The losses and correct count of {@code weights} of {@code model} on {@code rows}, computed per block of rows. */
  public static SplitLosses of(Model model, ParameterBlocks weights, LabeledData rows) {
    double[] losses = model.perExampleLoss(weights, rows.features(), rows.labels()).toDoubleVector();
    boolean classifier = model.architecture().numClasses() > 0;
    long correct = 0;
    if (classifier && rows.size() > 0) {
      INDArray predicted = model.predict(weights, rows.features());
      correct = predicted.eq(rows.labels()).castTo(rows.labels().dataType()).sumNumber().longValue();
    }
    return new SplitLosses(losses, correct, classifier);
  }

  /** Number of rows. */
  public int rows() {
    return losses.length;
  }

  /** Mean loss over the rows. */
  public double meanLoss() {
    requireRows();
    double sum = 0;
    for (double v : losses) {
      sum += v;
    }
    return sum / losses.length;
  }

  /** Fraction of rows classified correctly; NaN for regression. */
  public double accuracy() {
    requireRows();
    return classifier ? (double) correctRows / losses.length : Double.NaN;
  }

  private void requireRows() {
    if (losses.length == 0) {
      throw new IllegalStateException("no rows in this split: its mean loss and accuracy are undefined");
    }
  }
}
