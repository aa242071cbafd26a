package ai.hamu.core.bench;

import ai.hamu.core.metrics.RetrainGap;
import java.util.Objects;

/**
 * The outcome of one cell of the grid: one method on one forget set of one dataset with one seed.
 * Accuracies and losses are those of the final weights; gaps are to the retrained reference of the
 * same cell.
 *
 * @param dataset dataset name
 * @param forgetSet forget set name ({@link ForgetSpec#name()})
 * @param rho ρ of a class-based set (0 = the whole class), NaN for random fractions
 * @param method the method
 * @param seed the seed
 * @param learningRate the unlearning learning rate (NaN for the references)
 * @param forgetRows rows forgotten
 * @param retainRows rows retained
 * @param steps unlearning steps applied and kept (a step the trust region undid is not counted; 0
 *     for the references)
 * @param stopReason why the loop ended ({@code reference} for the references)
 * @param verdict the run's forgetting verdict ({@code FORGOTTEN}, {@code ESCALATE}, {@code
 *     NOT_FORGOTTEN}; {@code UNVERIFIED} where no target was measured; {@code reference} for the
 *     references)
 * @param forgetAccuracy accuracy on the forget rows
 * @param retainAccuracy accuracy on the retain rows
 * @param testAccuracy accuracy on the test rows
 * @param forgetLoss mean loss on the forget rows
 * @param retainLoss mean loss on the retain rows
 * @param testLoss mean loss on the test rows
 * @param miaAuc membership-inference AUC, forget vs test rows (0.5 = forget rows look unseen)
 * @param miaForgetRetainAuc membership-inference AUC, forget vs retain rows
 * @param miaTprAt1Percent attack TPR on the forget rows at 1% FPR on the test rows
 * @param gap every metric's difference to the retrained model, and the forget-loss KS
 * @param weightDistance ‖θ − θ_retrained‖₂
 * @param retainAccuracyLoss original retain accuracy − this retain accuracy (> 0: utility lost)
 * @param kappaInitial model-wide κ at the original weights (NaN for the references)
 * @param kappaMean mean model-wide κ over the steps
 * @param kappaMax largest model-wide κ over the steps
 * @param collateralShare share of HAMU steps whose stopping criterion was met (NaN for other
 *     methods)
 * @param criterionFirstStep HAMU: the index (from 0) of the first step whose stopping criterion was
 *     met, NaN if it never was or for other methods; with {@code stopOnCriterion} the run ends
 *     there and takes that many steps
 * @param requestedForgetIncrease HAMU-Q: Σ over steps of the requested first-order forget-loss gain
 *     B (in mean-loss units); NaN for other methods
 * @param firstOrderForgetIncrease Σ over steps of the predicted change ḡ_f·δ of the mean forget
 *     loss
 * @param actualForgetIncrease mean forget loss of the final weights − that of the original
 * @param wallSeconds wall time of the unlearning loop, or of the retraining
 */
public record RunRecord(
    String dataset,
    String forgetSet,
    double rho,
    BenchMethod method,
    long seed,
    double learningRate,
    int forgetRows,
    int retainRows,
    int steps,
    String stopReason,
    String verdict,
    double forgetAccuracy,
    double retainAccuracy,
    double testAccuracy,
    double forgetLoss,
    double retainLoss,
    double testLoss,
    double miaAuc,
    double miaForgetRetainAuc,
    double miaTprAt1Percent,
    RetrainGap gap,
    double weightDistance,
    double retainAccuracyLoss,
    double kappaInitial,
    double kappaMean,
    double kappaMax,
    double collateralShare,
    double criterionFirstStep,
    double requestedForgetIncrease,
    double firstOrderForgetIncrease,
    double actualForgetIncrease,
    double wallSeconds) {

  public RunRecord {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(forgetSet, "forgetSet");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(stopReason, "stopReason");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(gap, "gap");
  }
}
