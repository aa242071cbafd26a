package ai.hamu.core.plan;

import ai.hamu.core.hardness.TensorGeometry;

/**
 * Model-wide figures of one planned step.
 *
 * @param retainNormBeforeClip ‖g_r‖ before clipping
 * @param forgetNormBeforeClip ‖g_f‖ before clipping
 * @param retainClipFactor factor applied to g_r (1 = not clipped)
 * @param forgetClipFactor factor applied to g_f
 * @param geometry model-wide norms and dot product of the clipped, effective gradients
 * @param constraintTotal Σ_l B_l, the stopping constraint (NaN for baselines)
 * @param stoppingRhs the aggregate stopping right-hand side (NaN for baselines)
 * @param stoppingMargin constraintTotal − stoppingRhs; > 0 means the criterion is met
 * @param stoppingMet whether the stopping criterion is met
 * @param firstOrderRetainChange predicted retain-loss change ḡ_r·δ with the unclipped mean gradient
 *     (NaN if no step)
 * @param firstOrderForgetChange predicted forget-loss change ḡ_f·δ with the unclipped mean gradient
 *     (NaN if no step)
 */
public record StepSummary(
    double retainNormBeforeClip,
    double forgetNormBeforeClip,
    double retainClipFactor,
    double forgetClipFactor,
    TensorGeometry geometry,
    double constraintTotal,
    double stoppingRhs,
    double stoppingMargin,
    boolean stoppingMet,
    double firstOrderRetainChange,
    double firstOrderForgetChange) {}
