package ai.hamu.core.unlearn;

import ai.hamu.core.forgetting.ForgettingTarget;
import ai.hamu.core.plan.PlannerConfig;
import ai.hamu.core.solve.Variant;

/**
 * The settings a user gets by giving only paths: the one source of the job's key defaults, the
 * estimator's Param defaults and the bench's {@code hamu-defaults} method. HAMU-Q at learning rate
 * 1, B set each step to c* = 0.8 of the reachable first-order gain, the trust-region step control,
 * the forgetting target with its default tolerances, and a budget of 100 iterations
 * (docs/algorithm-choices.md gives the reasons for each).
 */
public final class UnlearningDefaults {

  /** The HAMU variant. */
  public static final Variant VARIANT = Variant.HAMU_Q;

  /** The learning rate: the baselines' step size and the scale of HAMU's lr radius. */
  public static final double LEARNING_RATE = 1.0;

  /**
   * The feasibility target c*: the share of the reachable first-order forget gain requested per
   * step.
   */
  public static final double FEASIBILITY_TARGET = 0.8;

  /** The iteration budget (an undone step costs one). */
  public static final int ITERATIONS = 100;

  /** The step-size control: trust region from 1% of ‖θ₀‖, retain tolerance 1 point. */
  public static final StepControl STEP_CONTROL = StepControl.DEFAULT;

  /** The forgetting target's tolerances. */
  public static final ForgettingTarget TARGET = ForgettingTarget.DEFAULT;

  private UnlearningDefaults() {}

  /**
   * The planner of the default method, every other planner setting at its {@link
   * PlannerConfig#builder} default.
   */
  public static PlannerConfig planner() {
    return PlannerConfig.builder(LEARNING_RATE)
        .variant(VARIANT)
        .feasibilityTarget(FEASIBILITY_TARGET)
        .build();
  }

  /** The default budget and step control, with no forget-loss increase target. */
  public static LoopConfig loop() {
    return LoopConfig.controlled(ITERATIONS, STEP_CONTROL);
  }
}
