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
 * LossCap)}). Infinite caps leave the plain loss. Classes built with {@link #onLogOdds} count each
 * row's log-odds against its class ({@link OutputHead#logOdds}) in place of its loss, capped the
 * same way: its gradient does not vanish at rows the model recognises with confidence.
 */
public final class LossCap implements Serializable {

  private static final long serialVersionUID = 2L;

  /** No cap: the plain loss. */
  public static final LossCap NONE = new LossCap(new double[0], new boolean[0]);

  private final double[] byClass;

  /** Per class, whether its rows count their log-odds instead of their loss; empty for none. */
  private final boolean[] logOdds;

  private LossCap(double[] byClass, boolean[] logOdds) {
    this.byClass = byClass;
    this.logOdds = logOdds;
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
    return new LossCap(caps.clone(), new boolean[caps.length]);
  }

  /**
   * This cap with the classes marked in {@code logOdds} counting each row's log-odds against its
   * class, log((1 − p_y)/p_y), capped at {@code logOddsCap}: ln(k − 1) for k classes is the point
   * where the class's probability falls to 1/k.
   *
   * @param logOdds one flag per class of this cap
   * @param logOddsCap any finite number (the log-odds of a class at probability ½ is 0)
   */
  public LossCap onLogOdds(boolean[] logOdds, double logOddsCap) {
    if (logOdds.length != byClass.length) {
      throw new IllegalArgumentException(
          "logOdds: expected one flag per class (" + byClass.length + "), got " + logOdds.length);
    }
    if (!Double.isFinite(logOddsCap)) {
      throw new IllegalArgumentException("logOddsCap: expected a finite number, got " + logOddsCap);
    }
    double[] caps = byClass.clone();
    for (int c = 0; c < caps.length; c++) {
      caps[c] = logOdds[c] ? logOddsCap : caps[c];
    }
    return new LossCap(caps, logOdds.clone());
  }

  /** Whether no row is capped. */
  public boolean isNone() {
    return Arrays.stream(byClass).allMatch(c -> c == Double.POSITIVE_INFINITY);
  }

  /** The cap of class {@code c} (the only value for regression). */
  public double of(int c) {
    return byClass.length == 0 ? Double.POSITIVE_INFINITY : byClass[c];
  }

  /** Whether the rows of class {@code c} count their log-odds against it rather than their loss. */
  public boolean onLogOdds(int c) {
    return c < logOdds.length && logOdds[c];
  }

  /** Whether some class counts its rows' log-odds. */
  boolean anyOnLogOdds() {
    for (boolean b : logOdds) {
      if (b) {
        return true;
      }
    }
    return false;
  }

  /** How many values the cap holds: classes, 1 for regression, 0 for {@link #NONE}. */
  public int size() {
    return byClass.length;
  }

  /**
   * The cap of every row of {@code labels} ({@code [n]}, class indices or regression values), as an
   * {@code [n x 1]} column; infinite caps become {@link Double#MAX_VALUE} so that no product meets
   * 0·∞. When every class has the same cap the column is that value throughout; otherwise it is
   * built with one vector comparison per class.
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

  /**
   * 1 for every row of {@code labels} ({@code [n]}) whose class counts its log-odds, else 0, as an
   * {@code [n x 1]} column.
   */
  INDArray logOddsRows(INDArray labels) {
    long n = labels.length();
    INDArray rows = Nd4j.zeros(DataType.DOUBLE, n, 1);
    INDArray column = labels.reshape(n, 1);
    for (int c = 0; c < logOdds.length; c++) {
      if (logOdds[c]) {
        rows.addi(column.eq(c).castTo(DataType.DOUBLE));
      }
    }
    return rows;
  }

  private static double finite(double cap) {
    return cap == Double.POSITIVE_INFINITY ? Double.MAX_VALUE : cap;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LossCap other
        && Arrays.equals(byClass, other.byClass)
        && Arrays.equals(logOdds, other.logOdds);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(byClass) + Arrays.hashCode(logOdds);
  }

  @Override
  public String toString() {
    if (isNone()) {
      return "no cap";
    }
    return anyOnLogOdds()
        ? "loss cap by class "
            + Arrays.toString(byClass)
            + ", on log-odds "
            + Arrays.toString(logOdds)
        : "loss cap by class " + Arrays.toString(byClass);
  }
}
