package ai.hamu.core.baseline;

import static ai.hamu.core.hardness.TensorGeometry.EPS;

import ai.hamu.core.hardness.TensorGeometry;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.ClippedGradient;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.plan.StepInputs;
import ai.hamu.core.plan.StepPlan;
import ai.hamu.core.plan.StepSummary;
import ai.hamu.core.plan.StopReason;
import ai.hamu.core.plan.UpdateRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A baseline as an {@link UpdateRule}: computes its equivalent gradient G from separately clipped
 * inputs and plans δ = −lr·G, always applied. When the inputs hold both loss gradients (the
 * unlearning loops always provide them) the summary reports their clipped geometry and the
 * predicted first-order changes, so κ can be compared across methods.
 */
public final class BaselineRule implements UpdateRule {

  private final BaselineConfig config;

  public BaselineRule(BaselineConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The baseline and its settings. */
  public BaselineConfig config() {
    return config;
  }

  @Override
  public Set<GradientSource> requires() {
    return config.baseline().requires();
  }

  /** The equivalent gradient G of this step (a new instance). */
  public ParameterBlocks equivalentGradient(StepInputs inputs) {
    double max = config.maxGradNorm();
    return switch (config.baseline()) {
      case FT -> clip(inputs.get(GradientSource.RETAIN_LOSS));
      case GA -> clip(inputs.get(GradientSource.FORGET_LOSS).scaled(-1));
      case GDIFF ->
          half(
              clip(inputs.get(GradientSource.RETAIN_LOSS)),
              clip(inputs.get(GradientSource.FORGET_LOSS).scaled(-1)));
      case KL ->
          half(
              clip(inputs.get(GradientSource.RETAIN_KL)),
              clip(inputs.get(GradientSource.FORGET_LOSS).scaled(-1)));
      case SCRUB -> {
        ParameterBlocks retainObjective =
            inputs
                .get(GradientSource.RETAIN_KL)
                .scaled(config.scrubAlpha())
                .addInPlace(inputs.get(GradientSource.RETAIN_LOSS).scaled(config.scrubGamma()));
        yield half(
            ClippedGradient.clip(retainObjective, max).gradient(),
            clip(inputs.get(GradientSource.FORGET_KL).scaled(-1)));
      }
      case GRU ->
          gru(
              clip(inputs.get(GradientSource.RETAIN_LOSS)),
              clip(inputs.get(GradientSource.FORGET_LOSS)));
      case PCGRAD ->
          pcgrad(
              clip(inputs.get(GradientSource.RETAIN_LOSS)),
              clip(inputs.get(GradientSource.FORGET_LOSS)));
    };
  }

  @Override
  public StepPlan plan(StepInputs inputs) {
    ParameterBlocks delta = equivalentGradient(inputs).scaleInPlace(-config.learningRate());
    double nan = Double.NaN;
    StepSummary summary;
    if (inputs.has(GradientSource.RETAIN_LOSS) && inputs.has(GradientSource.FORGET_LOSS)) {
      // the loops always provide both loss gradients: report κ and the predicted changes for every
      // method
      ParameterBlocks gr = inputs.get(GradientSource.RETAIN_LOSS);
      ParameterBlocks gf = inputs.get(GradientSource.FORGET_LOSS);
      ClippedGradient r = ClippedGradient.clip(gr, config.maxGradNorm());
      ClippedGradient f = ClippedGradient.clip(gf, config.maxGradNorm());
      summary =
          new StepSummary(
              r.normBefore(),
              f.normBefore(),
              r.factor(),
              f.factor(),
              geometry(r.gradient(), f.gradient()),
              nan,
              nan,
              nan,
              false,
              gr.dot(delta),
              gf.dot(delta));
    } else {
      summary =
          new StepSummary(
              nan,
              nan,
              nan,
              nan,
              new TensorGeometry(nan, nan, nan),
              nan,
              nan,
              nan,
              false,
              inputs.has(GradientSource.RETAIN_LOSS)
                  ? inputs.get(GradientSource.RETAIN_LOSS).dot(delta)
                  : nan,
              inputs.has(GradientSource.FORGET_LOSS)
                  ? inputs.get(GradientSource.FORGET_LOSS).dot(delta)
                  : nan);
    }
    return new StepPlan(StopReason.NONE, Optional.of(delta), List.of(), summary);
  }

  /** GRU: u = g_f − (dp/‖g_r‖²)·g_r on conflict, else g_f; G = −u. dp and ‖g_r‖ are model-wide. */
  private ParameterBlocks gru(ParameterBlocks gr, ParameterBlocks gf) {
    double dp = gr.dot(gf);
    ParameterBlocks u = gf.copy();
    if (config.projectionSign().projects(dp)) {
      u.addInPlace(gr.scaled(-dp / Math.max(sq(gr.norm()), EPS)));
    }
    return u.scaleInPlace(-1);
  }

  /**
   * PCGrad with a = g_r, b = −g_f (a·b = −dp): a' = g_r − (dp/‖g_f‖²)g_f, b' = −g_f +
   * (dp/‖g_r‖²)g_r on conflict.
   */
  private ParameterBlocks pcgrad(ParameterBlocks gr, ParameterBlocks gf) {
    double dp = gr.dot(gf);
    ParameterBlocks a = gr.copy();
    ParameterBlocks b = gf.scaled(-1);
    if (config.projectionSign().projects(dp)) {
      a.addInPlace(gf.scaled(-dp / Math.max(sq(gf.norm()), EPS)));
      b.addInPlace(gr.scaled(dp / Math.max(sq(gr.norm()), EPS)));
    }
    return half(a, b);
  }

  private ParameterBlocks clip(ParameterBlocks g) {
    return ClippedGradient.clip(g, config.maxGradNorm()).gradient();
  }

  private static ParameterBlocks half(ParameterBlocks x, ParameterBlocks y) {
    return x.copy().addInPlace(y).scaleInPlace(0.5);
  }

  private static TensorGeometry geometry(ParameterBlocks gr, ParameterBlocks gf) {
    List<TensorGeometry> parts = new ArrayList<>(gr.size());
    for (int l = 0; l < gr.size(); l++) {
      parts.add(TensorGeometry.of(gr.get(l), gf.get(l)));
    }
    return TensorGeometry.combine(parts);
  }

  private static double sq(double x) {
    return x * x;
  }
}
