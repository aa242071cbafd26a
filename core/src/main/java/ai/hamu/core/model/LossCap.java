package ai.hamu.core.model;

import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A cap on each row's loss by its class (one value for regression): a row whose loss has reached
 * its cap counts the cap in the loss sum and adds no gradient, so raising the capped loss raises
 * the rows still below their caps ({@link Model#lossStatistics(ParameterBlocks, LabeledRows,
 * LossCap)}). Infinite caps leave the plain loss.
 */
public final class LossCap implements Serializable {

  private static final long serialVersionUID = 1L;

  /** No cap: the plain loss. */
  public static final LossCap NONE = new LossCap(new double[0]);

  private final double[] byClass;

  private LossCap(double[] byClass) {
    this.byClass = byClass;
  }

  /**
   * The cap of each class index (one value for regression); {@link Double#POSITIVE_INFINITY} for
   * none.
   */
  public static LossCap byClass(double... caps) {
    for (int c = 0; c < caps.length; c++) {
      if (!(caps[c] > 0)) {
        throw new IllegalArgumentException(
            "loss cap of class " + c + ": expected a number > 0, got " + caps[c]);
      }
    }
    return new LossCap(caps.clone());
  }

  /** Whether no row is capped. */
  public boolean isNone() {
    return Arrays.stream(byClass).allMatch(c -> c == Double.POSITIVE_INFINITY);
  }

  /** The cap of class {@code c} (the only value for regression). */
  public double of(int c) {
    return byClass.length == 0 ? Double.POSITIVE_INFINITY : byClass[c];
  }

  /** How many values the cap holds: classes, 1 for regression, 0 for {@link #NONE}. */
  public int size() {
    return byClass.length;
  }

  /**
   * The cap of every row of {@code labels} ({@code [n]}, class indices or regression values), as
   * an {@code [n x 1]} column; infinite caps become {@link Double#MAX_VALUE} so that no product
   * meets 0·∞. When every class has the same cap the column is that value throughout; otherwise it
   * is built with one vector comparison per class.
   */
  INDArray perRow(INDArray labels) {
    long n = labels.length();
    double first = finite(of(0));
    if (Arrays.stream(byClass).allMatch(c -> c == byClass[0])) {
      return Nd4j.valueArrayOf(new long[] {n, 1}, first, DataType.DOUBLE);
    }
    INDArray caps = Nd4j.zeros(DataType.DOUBLE, n, 1);
    INDArray column = labels.reshape(n, 1);
    for (int c = 0; c < byClass.length; c++) {
      caps.addi(column.eq(c).castTo(DataType.DOUBLE).muli(finite(byClass[c])));
    }
    return caps;
  }

  private static double finite(double cap) {
    return cap == Double.POSITIVE_INFINITY ? Double.MAX_VALUE : cap;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LossCap other && Arrays.equals(byClass, other.byClass);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(byClass);
  }

  @Override
  public String toString() {
    return isNone() ? "no cap" : "loss cap by class " + Arrays.toString(byClass);
  }
}
