/**
 * Planning one step across all tensors of a model: gradient clipping, splitting the constraint,
 * full-gradient modes, the stopping criterion, the infeasibility policy, and the common {@link
 * ai.hamu.core.plan.UpdateRule} interface that HAMU and the baselines implement.
 */
package ai.hamu.core.plan;
