package ai.hamu.core.metrics;

import java.util.Arrays;

/**
 * The loss-threshold membership-inference attack: an example is guessed to be a training member
 * when its loss is low. Given the per-example losses of candidate members (e.g. the forgotten rows)
 * and of known non-members (held-out test rows), it measures how well the loss separates them. An
 * AUC of 0.5 means the forgotten rows are indistinguishable from unseen data; above 0.5 they are
 * still recognisable as training data.
 */
public final class MembershipInference {

  /**
   * The false-positive rate of 1% at which the evaluation reports the attack's true-positive rate.
   */
  public static final double FPR_1_PERCENT = 0.01;

  /**
   * The false-positive rate of 0.1% at which the evaluation reports the attack's true-positive
   * rate.
   */
  public static final double FPR_01_PERCENT = 0.001;

  private MembershipInference() {}

  /**
   * ROC AUC of the attack: the probability that a random candidate has a lower loss than a random
   * non-member, ties counting one half (the Mann–Whitney U statistic over n·m pairs, computed from
   * ranks in O((n + m) log(n + m))).
   */
  public static double auc(double[] candidateLosses, double[] nonMemberLosses) {
    requireScores(candidateLosses, "candidateLosses");
    requireScores(nonMemberLosses, "nonMemberLosses");
    int n = candidateLosses.length;
    int m = nonMemberLosses.length;
    // rank all losses in decreasing order of membership score, i.e. increasing loss
    double[][] all = new double[n + m][];
    for (int i = 0; i < n; i++) {
      all[i] = new double[] {candidateLosses[i], 1};
    }
    for (int j = 0; j < m; j++) {
      all[n + j] = new double[] {nonMemberLosses[j], 0};
    }
    Arrays.sort(
        all, (a, b) -> Double.compare(b[0], a[0])); // highest loss first = lowest score first
    double candidateRankSum = 0;
    int i = 0;
    while (i < all.length) {
      int j = i;
      while (j + 1 < all.length && all[j + 1][0] == all[i][0]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1; // 1-based, ties share their mean rank
      for (int k = i; k <= j; k++) {
        if (all[k][1] == 1) {
          candidateRankSum += averageRank;
        }
      }
      i = j + 1;
    }
    double u = candidateRankSum - n * (n + 1) / 2.0;
    return u / ((double) n * m);
  }

  /**
   * True-positive rate of the attack at a false-positive rate of at most {@code fpr}: the fraction
   * of candidates whose loss is strictly below the threshold that flags at most ⌊fpr·m⌋ of the m
   * non-members.
   */
  public static double tprAtFpr(double[] candidateLosses, double[] nonMemberLosses, double fpr) {
    requireScores(candidateLosses, "candidateLosses");
    requireScores(nonMemberLosses, "nonMemberLosses");
    if (!(fpr >= 0 && fpr <= 1)) {
      throw new IllegalArgumentException("fpr: expected a rate in [0, 1], got " + fpr);
    }
    double[] negatives = nonMemberLosses.clone();
    Arrays.sort(negatives);
    int allowed = (int) Math.floor(fpr * negatives.length + 1e-9);
    // flag losses < threshold; the threshold is the (allowed+1)-th smallest non-member loss
    double threshold = allowed >= negatives.length ? Double.POSITIVE_INFINITY : negatives[allowed];
    int flagged = 0;
    for (double loss : candidateLosses) {
      if (loss < threshold) {
        flagged++;
      }
    }
    return (double) flagged / candidateLosses.length;
  }

  private static void requireScores(double[] losses, String name) {
    if (losses.length == 0) {
      throw new IllegalArgumentException(name + ": expected at least one loss, got none");
    }
    for (int i = 0; i < losses.length; i++) {
      if (Double.isNaN(losses[i])) {
        throw new IllegalArgumentException(name + ": expected losses, got NaN at index " + i);
      }
    }
  }
}
