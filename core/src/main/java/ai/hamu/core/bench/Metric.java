package ai.hamu.core.bench;

import java.util.function.ToDoubleFunction;

/**
 * A numeric column of the result tables: its CSV name, its Markdown heading and how to read it from
 * a run.
 */
public enum Metric {
  FORGET_ACCURACY("forget_acc", "forget acc", RunRecord::forgetAccuracy),
  RETAIN_ACCURACY("retain_acc", "retain acc", RunRecord::retainAccuracy),
  TEST_ACCURACY("test_acc", "test acc", RunRecord::testAccuracy),
  FORGET_LOSS("forget_loss", "forget loss", RunRecord::forgetLoss),
  RETAIN_LOSS("retain_loss", "retain loss", RunRecord::retainLoss),
  TEST_LOSS("test_loss", "test loss", RunRecord::testLoss),
  MIA_AUC("mia_auc", "MIA AUC", RunRecord::miaAuc),
  MIA_FORGET_RETAIN_AUC("mia_forget_retain_auc", "MIA AUC f/r", RunRecord::miaForgetRetainAuc),
  MIA_TPR_1PCT("mia_tpr_at_1pct_fpr", "TPR@1%", RunRecord::miaTprAt1Percent),
  GAP_FORGET_ACCURACY("gap_forget_acc", "Δ forget acc", r -> r.gap().forgetAccuracy()),
  ABS_GAP_FORGET_ACCURACY(
      "abs_gap_forget_acc", "\\|Δ forget acc\\|", r -> Math.abs(r.gap().forgetAccuracy())),
  GAP_RETAIN_ACCURACY("gap_retain_acc", "Δ retain acc", r -> r.gap().retainAccuracy()),
  GAP_TEST_ACCURACY("gap_test_acc", "Δ test acc", r -> r.gap().testAccuracy()),
  GAP_FORGET_LOSS("gap_forget_loss", "Δ forget loss", r -> r.gap().forgetLoss()),
  GAP_RETAIN_LOSS("gap_retain_loss", "Δ retain loss", r -> r.gap().retainLoss()),
  GAP_TEST_LOSS("gap_test_loss", "Δ test loss", r -> r.gap().testLoss()),
  GAP_MIA_AUC("gap_mia_auc", "Δ MIA AUC", r -> r.gap().forgetTestAuc()),
  ABS_GAP_MIA_AUC("abs_gap_mia_auc", "\\|Δ MIA AUC\\|", r -> Math.abs(r.gap().forgetTestAuc())),
  KS_FORGET_LOSS("ks_forget_loss", "KS", r -> r.gap().forgetLossKs()),
  WEIGHT_DISTANCE("weight_l2_to_retrain", "‖θ−θ_rt‖", RunRecord::weightDistance),
  RETAIN_ACCURACY_LOSS("retain_acc_loss", "retain-acc loss", RunRecord::retainAccuracyLoss),
  KAPPA_INITIAL("kappa_initial", "κ₀", RunRecord::kappaInitial),
  KAPPA_MEAN("kappa_mean", "mean κ", RunRecord::kappaMean),
  KAPPA_MAX("kappa_max", "max κ", RunRecord::kappaMax),
  COLLATERAL_SHARE("collateral_share", "collateral", RunRecord::collateralShare),
  CRITERION_FIRST_STEP("criterion_first_step", "criterion at", RunRecord::criterionFirstStep),
  REQUESTED_FORGET_INCREASE("requested_forget_increase", "ΣB", RunRecord::requestedForgetIncrease),
  FIRST_ORDER_FORGET_INCREASE(
      "first_order_forget_increase", "Σ ḡ_f·δ", RunRecord::firstOrderForgetIncrease),
  ACTUAL_FORGET_INCREASE("actual_forget_increase", "ΔL_f", RunRecord::actualForgetIncrease),
  STEPS("steps", "steps", r -> r.steps()),
  WALL_SECONDS("wall_seconds", "wall s", RunRecord::wallSeconds);

  private final String column;
  private final String heading;
  private final ToDoubleFunction<RunRecord> reader;

  Metric(String column, String heading, ToDoubleFunction<RunRecord> reader) {
    this.column = column;
    this.heading = heading;
    this.reader = reader;
  }

  /** The CSV column name. */
  public String column() {
    return column;
  }

  /** The Markdown heading (already escaped for a table cell). */
  public String heading() {
    return heading;
  }

  /** The value of this metric in {@code run}. */
  public double of(RunRecord run) {
    return reader.applyAsDouble(run);
  }
}
