package ai.hamu.core.forgetting;

import java.util.Locale;

/**
 * The forgetting target evaluated at one set of weights.
 *
 * @param measurable false when shared-class forgotten rows exist but no held-out rows do
 * @param met whether every part of the target is met
 * @param overshot whether the shared rows are now recognisably worse than unseen rows
 * @param sharedRows forgotten rows (in the sample) whose class has retained and held-out rows
 * @param forgetAccuracy accuracy of the shared rows (NaN if none, or for regression)
 * @param referenceAccuracy held-out accuracy reweighted to the shared rows' class mix (NaN if none)
 * @param accuracyTolerance the accuracy tolerance used (widened to the sampling error)
 * @param auc membership AUC of the shared rows against the reweighted held-out rows (NaN if none)
 * @param aucTolerance the AUC tolerance used (widened to the sampling error)
 * @param absentClassRows forgotten rows (in the sample) of classes no retained row has
 * @param absentClassAccuracy accuracy on them (NaN if none)
 * @param absentTolerance the tolerance their accuracy must meet
 * @param heldOutAccuracy accuracy of the held-out rows of retained classes (NaN without held-out
 *     rows, or for regression): a guard against damage to unseen data, compared row for row (the
 *     same rows at every check) with its value at the original weights
 * @param heldOutChangeError the standard error of that accuracy's change since the original
 *     weights, √(lost + gained)/n over its n rows (NaN without held-out rows): a smaller change is
 *     not resolved by the sample
 */
public record ForgettingCheck(
    boolean measurable,
    boolean met,
    boolean overshot,
    int sharedRows,
    double forgetAccuracy,
    double referenceAccuracy,
    double accuracyTolerance,
    double auc,
    double aucTolerance,
    int absentClassRows,
    double absentClassAccuracy,
    double absentTolerance,
    double heldOutAccuracy,
    double heldOutChangeError) {

  /**
   * A one-line account, e.g. {@code shared 40: acc 0.950 vs 0.912±0.031, auc 0.561 (<= 0.545) |
   * absent 0}.
   */
  public String describe() {
    StringBuilder b = new StringBuilder();
    if (sharedRows > 0) {
      b.append(
          measurable
              ? String.format(
                  Locale.ROOT,
                  "shared %d: acc %.3f vs %.3f±%.3f, auc %.3f (<= %.3f)",
                  sharedRows,
                  forgetAccuracy,
                  referenceAccuracy,
                  accuracyTolerance,
                  auc,
                  0.5 + aucTolerance)
              : "shared " + sharedRows + ": unmeasured (no held-out rows)");
    }
    if (absentClassRows > 0) {
      b.append(b.length() > 0 ? " | " : "")
          .append(
              String.format(
                  Locale.ROOT,
                  "absent-class %d: acc %.3f (<= %.3f)",
                  absentClassRows,
                  absentClassAccuracy,
                  absentTolerance));
    }
    return b.append(met ? " | met" : overshot ? " | overshot" : " | not met").toString();
  }
}
