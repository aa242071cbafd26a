package ai.hamu.core.unlearn;

import ai.hamu.core.model.ParameterBlocks;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A diagonal metric D on parameter space, in which the update rule plans its step: the rule sees
 * the gradients g/√D, plans u, and the step is δ = u/√D. First-order loss changes are the same in
 * both coordinates (g/√D · u = g · δ), so the rule's per-step guarantee (forget gain ≥ B_l per
 * tensor, retain increase minimised) holds as planned; only the ball the step must stay in becomes
 * the ellipsoid ‖√D·δ‖ ≤ R, which is cheap along coordinates of low D.
 *
 * <p>With D the retained rows' curvature (the diagonal of their Fisher information), a step of a
 * given metric length costs the retained rows about the same second-order loss in every direction:
 * it moves far along parameters they do not use (a forgotten class's own weights) and little along
 * those they depend on. Each tensor's D is damped by {@link #DAMPING} times its mean, so a
 * coordinate of zero curvature moves at most √((1 + DAMPING)/DAMPING) ≈ 3.3 times as far as one of
 * the tensor's mean curvature.
 */
final class DiagonalMetric {

  /** Added to each tensor's curvature, as a fraction of its mean. */
  static final double DAMPING = 0.1;

  private final ParameterBlocks inverseRoot;

  private DiagonalMetric(ParameterBlocks inverseRoot) {
    this.inverseRoot = inverseRoot;
  }

  /**
   * The metric D_l = F_l + {@link #DAMPING}·mean(F_l) of each tensor l of {@code curvature} (not
   * modified; entries ≥ 0, finite). A tensor whose curvature is all zero is damped by the mean over
   * all tensors instead; if every entry is zero, the metric is Euclidean.
   */
  static DiagonalMetric damped(ParameterBlocks curvature) {
    Objects.requireNonNull(curvature, "curvature");
    ParameterBlocks inverseRoot = curvature.copy();
    double sum = 0;
    long count = 0;
    for (int l = 0; l < inverseRoot.size(); l++) {
      sum += inverseRoot.get(l).sumNumber().doubleValue();
      count += inverseRoot.get(l).length();
    }
    double overallMean = count == 0 ? 0 : sum / count;
    for (int l = 0; l < inverseRoot.size(); l++) {
      INDArray d = inverseRoot.get(l);
      double mean = d.meanNumber().doubleValue();
      if (!(overallMean > 0) || Double.isInfinite(overallMean)) {
        d.assign(1.0);
      } else {
        d.addi(DAMPING * (mean > 0 ? mean : overallMean));
        Transforms.sqrt(d, false).rdivi(1.0);
      }
    }
    return new DiagonalMetric(inverseRoot);
  }

  /** g/√D, block by block: a gradient in the metric's coordinates. */
  ParameterBlocks gradientInMetric(ParameterBlocks gradient) {
    return times(gradient);
  }

  /** u/√D: a step planned in the metric's coordinates, in parameter space. */
  ParameterBlocks stepInParameters(ParameterBlocks step) {
    return times(step);
  }

  private ParameterBlocks times(ParameterBlocks blocks) {
    ParameterBlocks out = blocks.copy();
    for (int l = 0; l < out.size(); l++) {
      out.get(l).muli(inverseRoot.get(l));
    }
    return out;
  }
}
