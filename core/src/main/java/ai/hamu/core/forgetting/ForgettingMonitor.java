package ai.hamu.core.forgetting;

import ai.hamu.core.data.LabeledData;
import ai.hamu.core.model.LossCap;
import ai.hamu.core.model.Model;
import ai.hamu.core.model.ParameterBlocks;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Evaluates the {@link ForgettingTarget} at given weights on a sample of the forgotten rows and a
 * sample of held-out rows the model never trained on (both small enough to hold in one process: the
 * job draws at most a few thousand of each). Each check is two forward passes per sample.
 *
 * <p>Forgotten rows are split by class: those of a class that no retained row has ("absent-class"
 * rows, e.g. a whole forgotten class) must no longer be recognised; the others ("shared" rows) must
 * look like held-out rows of the same classes. The held-out rows are reweighted so that their class
 * mix equals the shared rows' (weight n_forget,c / n_held-out,c per row of class c), which makes
 * the comparison fair for any forget set, from a random sample to a class with a few foreign rows
 * mixed in. Held-out rows of absent classes take no part (the model is meant to stop recognising
 * them).
 */
public final class ForgettingMonitor {

  private final Model model;
  private final LabeledData forget;
  private final LabeledData heldOut;
  private final boolean[] retainedClasses;
  private final ForgettingTarget target;
  private final int[] forgetLabels;
  private final int[] heldOutLabels;
  private final boolean[] heldOutRightAtOriginal;

  /**
   * @param model the model (evaluated at the weights given to {@link #check})
   * @param original the weights unlearning starts from: held-out accuracy changes are counted
   *     against them
   * @param forget a sample of the forgotten rows (at least one row)
   * @param heldOut a sample of rows the model never trained on, if any
   * @param retainedClasses for classifiers, which class indices have at least one retained row;
   *     ignored for regression
   * @param target the tolerances
   */
  public ForgettingMonitor(
      Model model,
      ParameterBlocks original,
      LabeledData forget,
      Optional<LabeledData> heldOut,
      boolean[] retainedClasses,
      ForgettingTarget target) {
    this.model = Objects.requireNonNull(model, "model");
    this.forget = Objects.requireNonNull(forget, "forget");
    this.heldOut = heldOut.filter(h -> h.size() > 0).orElse(null);
    this.target = Objects.requireNonNull(target, "target");
    if (forget.size() == 0) {
      throw new IllegalArgumentException("forget: expected at least one forgotten row, got 0");
    }
    int k = model.architecture().numClasses();
    if (k > 0 && (retainedClasses == null || retainedClasses.length != k)) {
      throw new IllegalArgumentException(
          "retainedClasses: expected one flag per class ("
              + k
              + "), got "
              + (retainedClasses == null ? "none" : retainedClasses.length));
    }
    this.retainedClasses = k > 0 ? retainedClasses.clone() : null;
    this.forgetLabels = k > 0 ? classes(forget) : null;
    this.heldOutLabels = k > 0 && this.heldOut != null ? classes(this.heldOut) : null;
    this.heldOutRightAtOriginal =
        heldOutLabels == null ? null : correct(original, this.heldOut, heldOutLabels);
  }

  /** Whether held-out rows are available. */
  public boolean hasHeldOut() {
    return heldOut != null;
  }

  /** Rows of the forget sample. */
  public int forgetRows() {
    return forget.size();
  }

  /** Rows of the held-out sample (0 if none). */
  public int heldOutRows() {
    return heldOut == null ? 0 : heldOut.size();
  }

  /**
   * Whether the forget sample has rows of a class that some retained row has (these need held-out
   * rows).
   */
  public boolean hasSharedRows() {
    if (retainedClasses == null) {
      return true;
    }
    for (int c : forgetLabels) {
      if (retainedClasses[c]) {
        return true;
      }
    }
    return false;
  }

  /** Whether the forget sample has rows of a class that no retained row has (a whole class). */
  public boolean hasAbsentClassRows() {
    if (retainedClasses == null) {
      return false;
    }
    for (int c : forgetLabels) {
      if (!retainedClasses[c]) {
        return true;
      }
    }
    return false;
  }

  /**
   * The diagonal of the empirical Fisher information of the held-out rows of retained classes at
   * {@code theta}: each parameter's mean squared per-row loss gradient, i.e. how sharply the loss
   * of rows like the retained ones rises along that coordinate. Held-out rather than retained rows,
   * because a converged model fits its training rows so well that their per-row gradients vanish
   * along every coordinate alike. Empty without held-out rows of a retained class.
   */
  public Optional<ParameterBlocks> retainCurvature(ParameterBlocks theta) {
    if (heldOut == null) {
      return Optional.empty();
    }
    if (retainedClasses == null) {
      return Optional.of(model.meanSquaredGradients(theta, heldOut.features(), heldOut.labels()));
    }
    int[] rows =
        IntStream.range(0, heldOutLabels.length)
            .filter(j -> retainedClasses[heldOutLabels[j]])
            .toArray();
    if (rows.length == 0) {
      return Optional.empty();
    }
    double[] labels = Arrays.stream(rows).mapToDouble(j -> heldOutLabels[j]).toArray();
    return Optional.of(
        model.meanSquaredGradients(theta, heldOut.features().getRows(rows), Nd4j.create(labels)));
  }

  /** The target at weights {@code theta}. */
  public ForgettingCheck check(ParameterBlocks theta) {
    boolean classifier = retainedClasses != null;
    double[] forgetLoss =
        model.perExampleLoss(theta, forget.features(), forget.labels()).toDoubleVector();
    boolean[] forgetCorrect = classifier ? correct(theta, forget, forgetLabels) : null;
    double[] heldOutLoss =
        heldOut == null
            ? null
            : model.perExampleLoss(theta, heldOut.features(), heldOut.labels()).toDoubleVector();
    boolean[] heldOutCorrect =
        classifier && heldOut != null ? correct(theta, heldOut, heldOutLabels) : null;
    HeldOutChange change = heldOutChange(heldOutCorrect);
    double heldOutAccuracy = change.accuracy();
    double heldOutChangeError = change.changeError();

    // absent-class rows: must not be recognised
    int absent = 0;
    int absentCorrect = 0;
    int k = classifier ? retainedClasses.length : 0;
    int[] sharedPerClass = new int[Math.max(k, 1)];
    for (int i = 0; i < forgetLoss.length; i++) {
      if (classifier && !retainedClasses[forgetLabels[i]]) {
        absent++;
        absentCorrect += forgetCorrect[i] ? 1 : 0;
      } else {
        sharedPerClass[classifier ? forgetLabels[i] : 0]++;
      }
    }
    double absentAccuracy = absent == 0 ? Double.NaN : (double) absentCorrect / absent;
    boolean absentMet = absent == 0 || absentAccuracy <= target.accuracyTolerance();

    int sharedCandidates = forgetLoss.length - absent;
    if (sharedCandidates == 0) {
      return uncompared(
          true, absentMet, 0, absent, absentAccuracy, heldOutAccuracy, heldOutChangeError);
    }
    if (heldOut == null) {
      return uncompared(
          false,
          false,
          sharedCandidates,
          absent,
          absentAccuracy,
          heldOutAccuracy,
          heldOutChangeError);
    }

    // held-out weights matching the shared rows' class mix
    int[] heldOutPerClass = heldOutPerClass();
    double[] weight = heldOutWeights(sharedPerClass, heldOutPerClass);
    double weightSum = 0;
    double weightSquares = 0;
    double weightedCorrect = 0;
    for (int j = 0; j < weight.length; j++) {
      weightSum += weight[j];
      weightSquares += weight[j] * weight[j];
      weightedCorrect += classifier && heldOutCorrect[j] ? weight[j] : 0;
    }
    // shared rows whose class has no held-out row cannot be compared
    int shared = 0;
    int sharedCorrect = 0;
    double[] comparedLoss = new double[sharedCandidates];
    for (int i = 0; i < forgetLoss.length; i++) {
      int c = classifier ? forgetLabels[i] : 0;
      if ((!classifier || retainedClasses[c]) && heldOutPerClass[c] > 0) {
        comparedLoss[shared++] = forgetLoss[i];
        sharedCorrect += classifier && forgetCorrect[i] ? 1 : 0;
      }
    }
    if (shared == 0) {
      return uncompared(
          false,
          false,
          sharedCandidates,
          absent,
          absentAccuracy,
          heldOutAccuracy,
          heldOutChangeError);
    }
    comparedLoss = Arrays.copyOf(comparedLoss, shared);
    double effectiveHeldOut = weightSum * weightSum / weightSquares;
    double auc = weightedAuc(comparedLoss, heldOutLoss, weight, weightSum);
    double aucError =
        Math.sqrt((shared + effectiveHeldOut + 1) / (12.0 * shared * effectiveHeldOut));
    double aucTolerance = Math.max(target.aucTolerance(), aucError);
    boolean met = absentMet && auc <= 0.5 + aucTolerance;
    boolean overshot = auc < 0.5 - 2 * aucTolerance;
    double forgetAccuracy = Double.NaN;
    double referenceAccuracy = Double.NaN;
    double accuracyTolerance = Double.NaN;
    if (classifier) {
      forgetAccuracy = (double) sharedCorrect / shared;
      referenceAccuracy = weightedCorrect / weightSum;
      double p = referenceAccuracy;
      double accuracyError =
          Math.sqrt(Math.max(p * (1 - p), 0) * (1.0 / shared + 1.0 / effectiveHeldOut));
      accuracyTolerance = Math.max(target.accuracyTolerance(), accuracyError);
      met &= forgetAccuracy <= referenceAccuracy + accuracyTolerance;
      overshot |= forgetAccuracy < referenceAccuracy - 2 * accuracyTolerance;
    }
    return new ForgettingCheck(
        true,
        met,
        overshot,
        shared,
        forgetAccuracy,
        referenceAccuracy,
        accuracyTolerance,
        auc,
        aucTolerance,
        absent,
        absentAccuracy,
        target.accuracyTolerance(),
        heldOutAccuracy,
        heldOutChangeError);
  }

  /**
   * How far the loop raises each forgotten row's loss ({@link LossCap}), from the rows at weights
   * {@code theta} (the original weights):
   *
   * <ul>
   *   <li>rows of a class that retained rows have: the target's {@link
   *       ForgettingTarget#lossCapQuantile} of the held-out rows' losses, each held-out row
   *       weighted to the shared forgotten rows' class mix as in {@link #check}. A row above it
   *       already looks less familiar than that share of unseen rows; raising it further only
   *       inflates the mean forget loss, whose gradient would otherwise be dominated by the few
   *       rows the model already gets wrong (their loss grows without bound, its gradient does not
   *       vanish), while the rows it still recognises barely move. No cap without held-out rows of
   *       those classes;
   *   <li>rows of a class no retained row has: their log-odds against the class, log((1 −
   *       p_y)/p_y), up to ln(k − 1) for k classes, where the class's probability is 1/k and
   *       another class is predicted: the row meets the target, and raising it further would only
   *       take gradient from the rows still recognised. The log-odds, not the loss: the loss's
   *       gradient vanishes at the rows the model recognises with confidence, so the rows at the
   *       class boundary would steer every step (docs/algorithm-choices.md).
   * </ul>
   *
   * Regression has one cap, the held-out quantile.
   */
  public LossCap lossCap(ParameterBlocks theta) {
    double shared = sharedLossCap(theta, target.lossCapQuantile());
    if (retainedClasses == null) {
      return LossCap.byClass(shared);
    }
    double[] caps = new double[retainedClasses.length];
    boolean[] absent = new boolean[retainedClasses.length];
    for (int c = 0; c < caps.length; c++) {
      caps[c] = retainedClasses[c] ? shared : Double.POSITIVE_INFINITY;
      absent[c] = !retainedClasses[c];
    }
    return LossCap.byClass(caps).onLogOdds(absent, Math.log(caps.length - 1));
  }

  /**
   * The {@code quantile} of the held-out rows' losses at {@code theta}, weighted to the shared
   * forgotten rows' class mix; infinite without held-out or shared rows.
   *
   * @param quantile in (0, 1]; 1 is the largest held-out loss
   */
  double sharedLossCap(ParameterBlocks theta, double quantile) {
    if (!(quantile > 0 && quantile <= 1)) {
      throw new IllegalArgumentException("quantile: expected a number in (0, 1], got " + quantile);
    }
    if (heldOut == null || !hasSharedRows()) {
      return Double.POSITIVE_INFINITY;
    }
    double[] loss =
        model.perExampleLoss(theta, heldOut.features(), heldOut.labels()).toDoubleVector();
    int[] sharedPerClass = new int[retainedClasses == null ? 1 : retainedClasses.length];
    for (int i = 0; i < forget.size(); i++) {
      if (retainedClasses == null) {
        sharedPerClass[0]++;
      } else if (retainedClasses[forgetLabels[i]]) {
        sharedPerClass[forgetLabels[i]]++;
      }
    }
    double[] weight = heldOutWeights(sharedPerClass, heldOutPerClass());
    Integer[] order = new Integer[loss.length];
    double total = 0;
    for (int j = 0; j < order.length; j++) {
      order[j] = j;
      total += weight[j];
    }
    if (total == 0) {
      return Double.POSITIVE_INFINITY; // no held-out row of a shared class
    }
    Arrays.sort(order, (a, b) -> Double.compare(loss[a], loss[b]));
    double cumulative = 0;
    for (Integer j : order) {
      cumulative += weight[j];
      if (weight[j] > 0 && cumulative >= quantile * total * (1 - 1e-12)) {
        return Math.max(loss[j], Double.MIN_NORMAL);
      }
    }
    throw new IllegalStateException("unreachable: the cumulative weight reaches the total");
  }

  /**
   * A check whose shared rows were not compared with held-out rows (none, or none to compare with).
   */
  private ForgettingCheck uncompared(
      boolean measurable,
      boolean met,
      int sharedRows,
      int absent,
      double absentAccuracy,
      double heldOutAccuracy,
      double heldOutChangeError) {
    return new ForgettingCheck(
        measurable,
        met,
        false,
        sharedRows,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        absent,
        absentAccuracy,
        target.accuracyTolerance(),
        heldOutAccuracy,
        heldOutChangeError);
  }

  /** Held-out rows per class (one bucket for regression). */
  private int[] heldOutPerClass() {
    int[] out = new int[retainedClasses == null ? 1 : retainedClasses.length];
    for (int j = 0; j < heldOut.size(); j++) {
      out[retainedClasses == null ? 0 : heldOutLabels[j]]++;
    }
    return out;
  }

  /**
   * Weight n_forget,c / n_held-out,c of each held-out row of class c (0 for classes not shared).
   */
  private double[] heldOutWeights(int[] sharedPerClass, int[] heldOutPerClass) {
    double[] weight = new double[heldOut.size()];
    for (int j = 0; j < weight.length; j++) {
      int c = retainedClasses == null ? 0 : heldOutLabels[j];
      weight[j] = sharedPerClass[c] == 0 ? 0 : (double) sharedPerClass[c] / heldOutPerClass[c];
    }
    return weight;
  }

  /**
   * The held-out rows whose class has retained rows (what unlearning must not damage), counted in
   * one pass: their accuracy, and the standard error √(lost + gained)/n of its change since the
   * original weights, over those n rows: rows right at the original and wrong now count as lost,
   * the reverse as gained. It is the paired error of the change: rows whose prediction did not
   * change add nothing to it. Both are NaN without held-out rows, or for regression. Held-out rows
   * of absent classes are left out, since a model that forgot their class is meant to get them
   * wrong.
   */
  private HeldOutChange heldOutChange(boolean[] right) {
    int n = 0;
    int hits = 0;
    int flipped = 0;
    for (int j = 0; right != null && j < right.length; j++) {
      if (retainedClasses[heldOutLabels[j]]) {
        n++;
        hits += right[j] ? 1 : 0;
        flipped += right[j] != heldOutRightAtOriginal[j] ? 1 : 0;
      }
    }
    return n == 0
        ? new HeldOutChange(Double.NaN, Double.NaN)
        : new HeldOutChange((double) hits / n, Math.sqrt(flipped) / n);
  }

  /** The held-out accuracy on retained classes and the paired standard error of its change. */
  private record HeldOutChange(double accuracy, double changeError) {}

  /**
   * P(forgotten loss < held-out loss) + ½·P(equal), each held-out row counting with its weight: the
   * loss-threshold attack's AUC against the reweighted held-out rows, in O((n + m) log m).
   */
  static double weightedAuc(
      double[] forgetLoss, double[] heldOutLoss, double[] weight, double weightSum) {
    Integer[] order = new Integer[heldOutLoss.length];
    for (int j = 0; j < order.length; j++) {
      order[j] = j;
    }
    Arrays.sort(order, (a, b) -> Double.compare(heldOutLoss[a], heldOutLoss[b]));
    double[] sorted = new double[order.length];
    double[] cumulative = new double[order.length + 1]; // weight of the first j sorted rows
    for (int j = 0; j < order.length; j++) {
      sorted[j] = heldOutLoss[order[j]];
      cumulative[j + 1] = cumulative[j] + weight[order[j]];
    }
    double sum = 0;
    for (double x : forgetLoss) {
      int below = lowerBound(sorted, x);
      int atOrBelow = upperBound(sorted, x);
      double greater = weightSum - cumulative[atOrBelow];
      double equal = cumulative[atOrBelow] - cumulative[below];
      sum += (greater + 0.5 * equal) / weightSum;
    }
    return sum / forgetLoss.length;
  }

  private static int lowerBound(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int upperBound(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private boolean[] correct(ParameterBlocks theta, LabeledData rows, int[] labels) {
    double[] predicted = model.predict(theta, rows.features()).toDoubleVector();
    boolean[] out = new boolean[labels.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) predicted[i] == labels[i];
    }
    return out;
  }

  private int[] classes(LabeledData rows) {
    double[] y = rows.labels().toDoubleVector();
    int k = retainedClasses.length;
    int[] out = new int[y.length];
    for (int i = 0; i < y.length; i++) {
      if (y[i] != Math.rint(y[i]) || y[i] < 0 || y[i] >= k) {
        throw new IllegalArgumentException(
            "row " + i + ": expected a class index in [0, " + k + "), got " + y[i]);
      }
      out[i] = (int) y[i];
    }
    return out;
  }
}
