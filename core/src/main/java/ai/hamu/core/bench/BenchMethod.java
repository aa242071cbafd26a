package ai.hamu.core.bench;

import ai.hamu.core.baseline.Baseline;
import ai.hamu.core.baseline.BaselineConfig;
import ai.hamu.core.baseline.BaselineRule;
import ai.hamu.core.plan.PlannerConfig;
import ai.hamu.core.plan.StepPlanner;
import ai.hamu.core.plan.UpdateRule;
import ai.hamu.core.solve.Variant;
import ai.hamu.core.unlearn.UnlearningDefaults;
import ai.hamu.core.unlearn.UnlearningMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * A row of the comparison: the original model untouched, HAMU as the job runs it with its defaults,
 * every {@link UnlearningMethod} (the HAMU variants and the baselines of hamu-algorithm.md §8) in
 * the reference's loop, and the model retrained on the retain rows, in that order. The set is
 * derived from {@link UnlearningMethod}, so a new variant or baseline is compared with no list to
 * extend. Instances are canonical: compare them with {@code ==}.
 */
public final class BenchMethod {

  /** The original model, untouched: the reference a method must move away from. */
  public static final BenchMethod ORIGINAL = new BenchMethod("original", null, false);

  /** HAMU as the job runs it when given only paths ({@link UnlearningDefaults}). */
  public static final BenchMethod HAMU_DEFAULTS =
      new BenchMethod("hamu-defaults", UnlearningMethod.of(UnlearningDefaults.VARIANT), true);

  /** The model retrained on the retain rows: the reference a method must come close to. */
  public static final BenchMethod RETRAIN = new BenchMethod("retrain", null, false);

  private static final List<BenchMethod> ALL = all();

  /** HAMU-Q in the reference's loop, the variant the charts follow. */
  public static final BenchMethod HAMU_Q = of(UnlearningMethod.of(Variant.HAMU_Q));

  private final String label;
  private final UnlearningMethod method;
  private final boolean withDefaults;

  private BenchMethod(String label, UnlearningMethod method, boolean withDefaults) {
    this.label = label;
    this.method = method;
    this.withDefaults = withDefaults;
  }

  private static List<BenchMethod> all() {
    List<BenchMethod> all = new ArrayList<>();
    all.add(ORIGINAL);
    all.add(HAMU_DEFAULTS);
    for (UnlearningMethod m : UnlearningMethod.values()) {
      all.add(new BenchMethod(m.configName(), m, false));
    }
    all.add(RETRAIN);
    return List.copyOf(all);
  }

  /** Every method, in table order. */
  public static List<BenchMethod> values() {
    return ALL;
  }

  /** The method that runs {@code method} in the reference's loop. */
  public static BenchMethod of(UnlearningMethod method) {
    return ALL.get(2 + UnlearningMethod.values().indexOf(method));
  }

  /** The method that runs HAMU variant {@code variant} in the reference's loop. */
  public static BenchMethod of(Variant variant) {
    return of(UnlearningMethod.of(variant));
  }

  /** The method that runs baseline {@code baseline} in the reference's loop. */
  public static BenchMethod of(Baseline baseline) {
    return of(UnlearningMethod.of(baseline));
  }

  /** The HAMU variant this method runs, or null for a baseline or a reference. */
  public Variant variant() {
    return method != null && method.isHamu() ? method.variant() : null;
  }

  /** The baseline this method runs, or null for HAMU or a reference. */
  public Baseline baseline() {
    return method != null && !method.isHamu() ? method.baseline() : null;
  }

  /**
   * The name used on the command line and in tables: {@code hamu-q}, {@code ft}, {@code retrain},
   * ...
   */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }

  /** The method named {@code label} (case-insensitive). */
  public static BenchMethod parse(String label) {
    for (BenchMethod m : ALL) {
      if (m.label().equalsIgnoreCase(label.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "method: expected one of "
            + ALL.stream().map(BenchMethod::label).toList()
            + ", got '"
            + label
            + "'");
  }

  /** Whether this method runs the unlearning loop (false for the two references). */
  public boolean unlearns() {
    return method != null;
  }

  /** Whether this is a HAMU variant (it has a requested constraint B per step). */
  public boolean isHamu() {
    return method != null && method.isHamu();
  }

  /**
   * Whether this method runs as the job does when given only paths ({@link UnlearningDefaults}: its
   * planner, learning rate, budget, trust region and forgetting target) rather than the reference's
   * loop of a fixed number of steps as planned at a tuned learning rate.
   */
  public boolean runsWithDefaults() {
    return withDefaults;
  }

  /**
   * The update rule at learning rate {@code learningRate}: {@link #HAMU_DEFAULTS} with the job's
   * defaults whatever the arguments, HAMU with the lr radius and B set each step to {@code
   * feasibilityTarget} of the reachable first-order gain (the job's default constraint mode) and
   * ending the run at a met stopping criterion when {@code stopOnCriterion}, baselines with their
   * defaults (clipping to norm 1, textbook projection sign).
   */
  public UpdateRule rule(double learningRate, double feasibilityTarget, boolean stopOnCriterion) {
    if (withDefaults) {
      return new StepPlanner(UnlearningDefaults.planner());
    }
    if (method == null) {
      throw new IllegalStateException(label + " is a reference, not an update rule");
    }
    if (method.isHamu()) {
      return new StepPlanner(
          PlannerConfig.builder(learningRate)
              .variant(method.variant())
              .feasibilityTarget(feasibilityTarget)
              .stopOnCriterion(stopOnCriterion)
              .build());
    }
    return new BaselineRule(BaselineConfig.defaults(method.baseline(), learningRate));
  }
}
