package ai.hamu.core.unlearn;

import ai.hamu.core.forgetting.ForgettingCheck;
import ai.hamu.core.solve.TensorDiagnostics;
import java.util.Locale;

/** The one-line summary of an iteration printed by the demo and the job. */
public final class ProgressLine {

  private ProgressLine() {}

  /**
   * {@code iter 3 | retain loss 0.2581 acc 0.9302 | forget loss 0.3078 acc 0.9156 | kappa [0.30 ..
   * 0.96] c 0.365 | stop margin -2.99e-03 | {RECTIFIED=4}}; κ and c only for HAMU steps.
   */
  public static String format(IterationRecord r) {
    StringBuilder b =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "iter %3d | retain loss %.4f acc %.4f | forget loss %.4f acc %.4f",
                r.iteration(),
                r.retainLoss(),
                r.retainAccuracy(),
                r.forgetLoss(),
                r.forgetAccuracy()));
    if (!r.plan().tensors().isEmpty()) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      double maxC = 0;
      for (TensorDiagnostics d : r.plan().tensors()) {
        min = Math.min(min, d.hardness().kappa());
        max = Math.max(max, d.hardness().kappa());
        maxC = Math.max(maxC, d.hardness().feasibility());
      }
      b.append(
          String.format(
              Locale.ROOT,
              " | kappa [%.3f .. %.3f] c %.3f | stop margin %+.3e | %s",
              min,
              max,
              maxC,
              r.plan().summary().stoppingMargin(),
              r.plan().branchCounts()));
    } else {
      b.append(
          String.format(
              Locale.ROOT, " | kappa %.3f (model-wide)", r.plan().summary().geometry().kappa()));
    }
    if (r.undone()) {
      b.append(" | last step undone");
    }
    r.check()
        .ifPresent(
            c ->
                b.append(" | target ")
                    .append(c.met() ? "met" : "not met")
                    .append(targetFigures(c)));
    if (!r.plan().apply()) {
      b.append(" -> not applied: ").append(r.plan().stopReason());
    } else if (r.stepScale() != 1.0) {
      b.append(String.format(Locale.ROOT, " | step x%.3g", r.stepScale()));
    }
    return b.toString();
  }

  /**
   * The target's figures in brief: shared rows' accuracy against the reference and AUC, absent
   * classes' accuracy.
   */
  private static String targetFigures(ForgettingCheck c) {
    StringBuilder b = new StringBuilder();
    if (c.sharedRows() > 0 && c.measurable()) {
      b.append(
          String.format(
              Locale.ROOT,
              " (acc %.3f vs %.3f, auc %.3f",
              c.forgetAccuracy(),
              c.referenceAccuracy(),
              c.auc()));
    }
    if (c.absentClassRows() > 0) {
      b.append(b.length() == 0 ? " (" : ", ")
          .append(String.format(Locale.ROOT, "absent-class acc %.3f", c.absentClassAccuracy()));
    }
    return b.length() == 0 ? "" : b.append(')').toString();
  }
}
