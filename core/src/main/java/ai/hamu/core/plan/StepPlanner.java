package ai.hamu.core.plan;

import static ai.hamu.core.hardness.TensorGeometry.EPS;

import ai.hamu.core.hardness.TensorGeometry;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.model.Vectors;
import ai.hamu.core.solve.HamuTensorSolver;
import ai.hamu.core.solve.TensorDiagnostics;
import ai.hamu.core.solve.TensorProblem;
import ai.hamu.core.solve.TensorSolution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Plans one HAMU step across all tensors of a model (hamu-algorithm.md §6.4): clip g_r and g_f
 * separately, split B across tensors (or use model-wide geometry), evaluate the stopping criterion
 * before any update, solve every tensor, and decide whether the step is applied.
 */
public final class StepPlanner implements UpdateRule {

  private final PlannerConfig config;
  private final HamuTensorSolver solver;

  public StepPlanner(PlannerConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.solver = new HamuTensorSolver(config.stoppingMode());
  }

  /** The settings. */
  public PlannerConfig config() {
    return config;
  }

  @Override
  public Set<GradientSource> requires() {
    return EnumSet.of(GradientSource.RETAIN_LOSS, GradientSource.FORGET_LOSS);
  }

  /**
   * True under the feasibility target with an equal or normalised gradient-norm split: with g_r
   * scaled by a and g_f by b, every tensor's radius scales by a (or stays, for a fixed radius), B
   * and each B_l by a·b (or b), so each tensor's problem is the same one in δ/a and δ is only
   * rescaled; κ and the stopping test are cosines. An absolute B, a softmax split of raw dot
   * products and an un-normalised split do not scale with the gradients.
   */
  @Override
  public boolean directionFreeOfGradientScales() {
    return config.constraintMode() == ConstraintMode.FEASIBILITY_TARGET
        && (config.split() == ConstraintSplit.EQUAL
            || config.split() == ConstraintSplit.GRADIENT_NORM_PRODUCT && config.normaliseSplit());
  }

  @Override
  public StepPlan plan(StepInputs inputs) {
    ParameterBlocks rawRetain = inputs.get(GradientSource.RETAIN_LOSS);
    ParameterBlocks rawForget = inputs.get(GradientSource.FORGET_LOSS);
    ClippedGradient retain = ClippedGradient.clip(rawRetain, config.maxGradNorm());
    ClippedGradient forget = ClippedGradient.clip(rawForget, config.maxGradNorm());
    int n = rawRetain.size();

    List<TensorGeometry> local = new ArrayList<>(n);
    for (int l = 0; l < n; l++) {
      INDArray gr = retain.gradient().get(l);
      INDArray gf = forget.gradient().get(l);
      local.add(
          TensorGeometry.of(
              config.variant().effectiveRetain(gr, gf), config.variant().effectiveForget(gr, gf)));
    }
    TensorGeometry global = TensorGeometry.combine(local);
    boolean fullGradient = config.fullGradient() != FullGradientMode.OFF;
    double constraint = constraint(local, global, fullGradient);

    // Constraint split and the stopping criterion, evaluated before any update (§4, §5).
    double[] constraints;
    double stoppingRhs;
    double constraintTotal;
    if (fullGradient) {
      constraints = new double[n];
      Arrays.fill(constraints, constraint);
      constraintTotal = constraint;
      stoppingRhs =
          config.stoppingMode().term(global, config.radiusRule().radius(global.retainNorm()));
    } else {
      constraints = config.split().distribute(local, constraint, config.normaliseSplit());
      constraintTotal = 0;
      stoppingRhs = 0;
      for (int l = 0; l < n; l++) {
        constraintTotal += constraints[l];
        stoppingRhs +=
            config
                .stoppingMode()
                .term(local.get(l), config.radiusRule().radius(local.get(l).retainNorm()));
      }
    }
    double margin = constraintTotal - stoppingRhs;
    boolean stoppingMet = margin > 0;

    OptionalDouble globalPerp =
        config.fullGradient() == FullGradientMode.EXACT_GLOBAL
            ? OptionalDouble.of(globalPerpNorm(retain.gradient(), forget.gradient(), global))
            : OptionalDouble.empty();
    Map<String, INDArray> deltas = new LinkedHashMap<>();
    List<TensorDiagnostics> diagnostics = new ArrayList<>(n);
    boolean anyFailed = false;
    for (int l = 0; l < n; l++) {
      String name = rawRetain.specs().get(l).name();
      TensorProblem problem =
          new TensorProblem(
              config.variant(),
              retain.gradient().get(l),
              forget.gradient().get(l),
              constraints[l],
              config.radiusRule(),
              config.policy(),
              fullGradient ? global : local.get(l),
              globalPerp);
      TensorSolution solution = solver.solve(name, problem);
      deltas.put(name, solution.delta());
      diagnostics.add(solution.diagnostics());
      anyFailed |= solution.diagnostics().failedFeasibility();
    }

    StopReason reason = StopReason.NONE;
    if (config.stopOnCriterion() && stoppingMet) {
      reason = StopReason.STOPPING_CRITERION;
    } else if (anyFailed && config.policy() == ai.hamu.core.solve.InfeasibilityPolicy.STOP) {
      reason = StopReason.INFEASIBLE;
    }
    Optional<ParameterBlocks> delta =
        reason == StopReason.NONE
            ? Optional.of(ParameterBlocks.of(rawRetain.specs(), deltas))
            : Optional.empty();
    double retainChange = delta.map(rawRetain::dot).orElse(Double.NaN);
    double forgetChange = delta.map(rawForget::dot).orElse(Double.NaN);
    StepSummary summary =
        new StepSummary(
            retain.normBefore(),
            forget.normBefore(),
            retain.factor(),
            forget.factor(),
            global,
            constraintTotal,
            stoppingRhs,
            margin,
            stoppingMet,
            retainChange,
            forgetChange);
    return new StepPlan(reason, delta, diagnostics, summary);
  }

  /**
   * This step's B: the configured value, or the feasibility target times the reachable gain Σ_l
   * R_l‖g_f,l‖.
   */
  private double constraint(
      List<TensorGeometry> local, TensorGeometry global, boolean fullGradient) {
    if (config.constraintMode() == ConstraintMode.ABSOLUTE) {
      return config.constraint();
    }
    double reachable = 0;
    if (fullGradient) {
      reachable = config.radiusRule().radius(global.retainNorm()) * global.forgetNorm();
    } else {
      for (TensorGeometry g : local) {
        reachable += config.radiusRule().radius(g.retainNorm()) * g.forgetNorm();
      }
    }
    return config.constraint() * reachable;
  }

  /**
   * ‖g_⊥‖ over all tensors, with the global projection coefficient dp/‖g_f‖² (exact full-gradient
   * mode).
   */
  private double globalPerpNorm(
      ParameterBlocks retain, ParameterBlocks forget, TensorGeometry global) {
    double coefficient = global.dot() / Math.max(global.forgetNorm() * global.forgetNorm(), EPS);
    double sq = 0;
    for (int l = 0; l < retain.size(); l++) {
      INDArray gr = config.variant().effectiveRetain(retain.get(l), forget.get(l));
      INDArray gf = config.variant().effectiveForget(retain.get(l), forget.get(l));
      double norm = Vectors.norm(gr.sub(gf.mul(coefficient)));
      sq += norm * norm;
    }
    return Math.sqrt(sq);
  }
}
