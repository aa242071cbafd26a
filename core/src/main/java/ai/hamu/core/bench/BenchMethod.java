package ai.hamu.core.bench;

import ai.hamu.core.baseline.Baseline;
import ai.hamu.core.baseline.BaselineConfig;
import ai.hamu.core.baseline.BaselineRule;
import ai.hamu.core.plan.PlannerConfig;
import ai.hamu.core.plan.StepPlanner;
import ai.hamu.core.plan.UpdateRule;
import ai.hamu.core.solve.Variant;
import ai.hamu.core.unlearn.UnlearningDefaults;
import java.util.Arrays;
import java.util.Locale;

/**
 * A row of the comparison: HAMU as the job runs it with its defaults, the two HAMU variants and the
 * seven baselines of hamu-algorithm.md §8 in the reference's loop, and the two references — the
 * original model untouched and the model retrained on the retain rows.
 */
public enum BenchMethod {
  ORIGINAL(null, null),
  HAMU_DEFAULTS(UnlearningDefaults.VARIANT, null),
  HAMU_Q(Variant.HAMU_Q, null),
  HAMU_U(Variant.HAMU_U, null),
  FT(null, Baseline.FT),
  GA(null, Baseline.GA),
  GDIFF(null, Baseline.GDIFF),
  KL(null, Baseline.KL),
  SCRUB(null, Baseline.SCRUB),
  GRU(null, Baseline.GRU),
  PCGRAD(null, Baseline.PCGRAD),
  RETRAIN(null, null);

  private final Variant variant;
  private final Baseline baseline;

  BenchMethod(Variant variant, Baseline baseline) {
    this.variant = variant;
    this.baseline = baseline;
  }

  /** The HAMU variant this method runs, or null for a baseline or a reference. */
  public Variant variant() {
    return variant;
  }

  /** The baseline this method runs, or null for HAMU or a reference. */
  public Baseline baseline() {
    return baseline;
  }

  /** The name used on the command line and in tables: {@code hamu-q}, {@code ft}, {@code retrain}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The method named {@code label} (case-insensitive). */
  public static BenchMethod parse(String label) {
    for (BenchMethod m : values()) {
      if (m.label().equalsIgnoreCase(label)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "method: expected one of "
            + Arrays.stream(values()).map(BenchMethod::label).toList()
            + ", got '"
            + label
            + "'");
  }

  /** Whether this method runs the unlearning loop (false for the two references). */
  public boolean unlearns() {
    return variant != null || baseline != null;
  }

  /** Whether this is a HAMU variant (it has a requested constraint B per step). */
  public boolean isHamu() {
    return variant != null;
  }

  /**
   * Whether this method runs as the job does when given only paths ({@link UnlearningDefaults}: its
   * planner, learning rate, budget, trust region and forgetting target) rather than the reference's
   * loop of a fixed number of steps as planned at a tuned learning rate.
   */
  public boolean runsWithDefaults() {
    return this == HAMU_DEFAULTS;
  }

  /**
   * The update rule at learning rate {@code learningRate}: {@link #HAMU_DEFAULTS} with the job's
   * defaults whatever the arguments, HAMU with the lr radius and B set each
   * step to {@code feasibilityTarget} of the reachable first-order gain (the job's default
   * constraint mode) and ending the run at a met stopping criterion when {@code stopOnCriterion},
   * baselines with their defaults (clipping to norm 1, textbook projection sign).
   */
  public UpdateRule rule(double learningRate, double feasibilityTarget, boolean stopOnCriterion) {
    if (runsWithDefaults()) {
      return new StepPlanner(UnlearningDefaults.planner());
    }
    if (variant != null) {
      return new StepPlanner(
          PlannerConfig.builder(learningRate)
              .variant(variant)
              .feasibilityTarget(feasibilityTarget)
              .stopOnCriterion(stopOnCriterion)
              .build());
    }
    if (baseline != null) {
      return new BaselineRule(BaselineConfig.defaults(baseline, learningRate));
    }
    throw new IllegalStateException(label() + " is a reference, not an update rule");
  }
}
