package ai.hamu.core.metrics;

import ai.hamu.core.data.LabeledData;
import ai.hamu.core.model.Model;
import ai.hamu.core.model.ParameterBlocks;
import java.util.Objects;

/**
 * One set of weights judged on the three splits of an unlearning problem: loss and accuracy on the
 * forget, retain and held-out test rows, and the loss-threshold membership-inference attack on the
 * forget rows, run on the per-example losses each split holds (product.md "Evaluation protocol";
 * hamu-algorithm.md §9.4).
 *
 * @param forget the forgotten rows
 * @param retain the retained training rows
 * @param test held-out rows never trained on
 */
public record ModelEvaluation(SplitLosses forget, SplitLosses retain, SplitLosses test) {

  public ModelEvaluation {
    Objects.requireNonNull(forget, "forget");
    Objects.requireNonNull(retain, "retain");
    Objects.requireNonNull(test, "test");
  }

  /** Evaluates {@code weights} of {@code model} on the three splits. */
  public static ModelEvaluation of(
      Model model,
      ParameterBlocks weights,
      LabeledData forget,
      LabeledData retain,
      LabeledData test) {
    return new ModelEvaluation(
        SplitLosses.of(model, weights, forget),
        SplitLosses.of(model, weights, retain),
        SplitLosses.of(model, weights, test));
  }

  /**
   * Attack AUC of forget rows against unseen test rows: 0.5 = the forget rows look unseen, above =
   * still members.
   */
  public double forgetVersusTestAuc() {
    return MembershipInference.auc(forget.losses(), test.losses());
  }

  /**
   * Attack AUC of forget rows against retained rows: how much more member-like retained rows look
   * is 1 − this.
   */
  public double forgetVersusRetainAuc() {
    return MembershipInference.auc(forget.losses(), retain.losses());
  }

  /** True-positive rate on the forget rows at false-positive rate {@code fpr} on the test rows. */
  public double forgetTprAtTestFpr(double fpr) {
    return MembershipInference.tprAtFpr(forget.losses(), test.losses(), fpr);
  }
}
